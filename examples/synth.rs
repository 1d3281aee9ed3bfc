//! Generates a large synthetic, SPEC-conformant site for benchmarks.
//!
//! `cargo run --release --example synth -- --deputies N OUT` writes N deputies, N/10
//! stations (each with reception days) and N news items, with Chinese bodies of a few
//! hundred characters, private blocks, photos and cross-references, into OUT. The same N
//! always gives the same site (fixed seed). The default theme is copied from this
//! repository so OUT builds on its own.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "丁", "曾", "单", "戴", "谭",
];
const GIVEN: &[&str] = &[
    "建", "国", "秀", "兰", "志", "强", "丽", "华", "海", "燕", "文", "明", "德", "军", "静", "红",
    "玉", "梅", "庆", "福", "卫", "东", "雪", "长", "青", "雅", "雯", "宏", "博", "春",
];
const OCCUPATIONS: &[&str] = &[
    "村党支部书记",
    "社区居委会主任",
    "中学教师",
    "卫生院医生",
    "企业职工",
    "个体工商户",
    "农民专业合作社理事长",
    "小学校长",
];
const GROUPS: &[&str] = &[
    "城市建设",
    "社会建设",
    "农业农村",
    "财政经济",
    "教科文卫",
    "法治监督",
];
const TAGS: &[&str] = &[
    "述职评议",
    "接待选民",
    "视察调研",
    "建议办理",
    "代表小组",
    "学习培训",
];
const PHRASES: &[&str] = &[
    "代表们深入田间地头，认真听取群众对道路硬化和农田水利建设的意见建议。",
    "接待日当天，选民就老旧小区加装电梯、停车难等问题与代表面对面交流。",
    "代表小组围绕乡村振兴开展专题调研，走访了多个专业合作社和家庭农场。",
    "会上，代表逐一汇报了一年来的履职情况，选民代表进行了现场测评。",
    "针对群众反映的学校周边交通安全问题，代表提出了增设减速带的建议。",
    "镇人大主席团组织代表视察了污水处理设施建设进展，并提出改进意见。",
    "代表们表示，将继续密切联系群众，把群众的急难愁盼转化为高质量建议。",
    "联络站定期公布代表接待安排，方便选民就近反映诉求、提出意见。",
];

fn main() {
    let mut deputies = 1000usize;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--deputies" => {
                deputies = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            _ if out.is_none() && !arg.starts_with('-') => out = Some(PathBuf::from(arg)),
            _ => usage(),
        }
    }
    let out = out.unwrap_or_else(|| usage());
    if let Err(e) = generate(&out, deputies) {
        eprintln!("synth: {e}");
        std::process::exit(1);
    }
    eprintln!(
        "synth: wrote {deputies} deputies, {} stations, {deputies} news into {}",
        stations_for(deputies),
        out.display()
    );
}

fn usage() -> ! {
    eprintln!("usage: synth --deputies N OUT");
    std::process::exit(2)
}

fn stations_for(deputies: usize) -> usize {
    (deputies / 10).max(1)
}

fn body(rng: &mut fastrand::Rng, sentences: usize) -> String {
    let mut text = String::new();
    for i in 0..sentences {
        text.push_str(PHRASES[rng.usize(..PHRASES.len())]);
        if i % 4 == 3 {
            text.push_str("\n\n");
        }
    }
    text.push('\n');
    text
}

fn name(rng: &mut fastrand::Rng) -> String {
    let mut name = SURNAMES[rng.usize(..SURNAMES.len())].to_string();
    for _ in 0..rng.usize(1..=2) {
        name.push_str(GIVEN[rng.usize(..GIVEN.len())]);
    }
    name
}

fn generate(out: &Path, deputies: usize) -> std::io::Result<()> {
    let mut rng = fastrand::Rng::with_seed(20261126);
    let stations = stations_for(deputies);
    for dir in [
        "content/deputies",
        "content/stations",
        "content/news",
        "content/pages",
        "static/photos",
    ] {
        fs::create_dir_all(out.join(dir))?;
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("themes/default"), &out.join("themes/default"))?;
    fs::write(
        out.join("site.yaml"),
        "title: 合成测试区人大代表信息公示平台\nbase_url: https://example.org/renda/\nlanguage: zh-CN\ntheme: default\nlevels:\n  district: 区人大代表\n  town: 镇人大代表\ndeputy_order: strokes\nnews_per_page: 20\nprint:\n  paper: A4\n  organisation: 合成测试区人大常委会\n",
    )?;
    for p in 0..10 {
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 400\"><rect width=\"300\" height=\"400\" fill=\"#{:06x}\"/></svg>\n",
            0x607080 + p * 0x050505
        );
        fs::write(out.join(format!("static/photos/p{p}.svg")), svg)?;
    }
    let station_of = |d: usize| d % stations;
    for s in 0..stations {
        let mut text = format!(
            "---\nname: 第{s}号代表联络站\nkind: {}\ntown: 第{}镇\naddress: 合成路{s}号\ngeo: [39.{s:04}, 116.{s:04}]\nphone: \"010-6{s:07}\"\nhours: 周一至周五 9:00–17:00\ncovers: [第{s}甲社区, 第{s}乙村]\nreception:\n",
            ["station", "home", "kiosk"][s % 3],
            s % 20
        );
        for month in [3u32, 6, 9, 12] {
            let on_duty: Vec<String> = (0..deputies)
                .skip(s)
                .step_by(stations)
                .take(2)
                .map(|d| format!("d{d:06}"))
                .collect();
            let _ = writeln!(
                text,
                "  - date: 2026-{month:02}-15\n    time: \"09:00-11:00\"\n    deputies: [{}]",
                on_duty.join(", ")
            );
        }
        let _ = write!(
            text,
            "private:\n  keyholder: \"PRIVATE-STATION-{s}\"\n---\n{}",
            body(&mut rng, 8)
        );
        fs::write(out.join(format!("content/stations/s{s:05}.md")), text)?;
    }
    for d in 0..deputies {
        let levels = ["[district]", "[town]", "[district, town]"][d % 3];
        let text = format!(
            "---\nname: {}\ngender: {}\nethnicity: 汉族\nparty: 中共党员\nphoto: photos/p{}.svg\nlevels: {levels}\nconstituency: 第{}选区\ntown: 第{}镇\nstation: s{:05}\ngroups: [{}]\noccupation: {}\ncontact:\n  phone: \"010-8{d:07}\"\nprivate:\n  mobile: \"139{d:08}\"\n  id_number: \"PRIVATE-ID-{d:06}\"\nrecord:\n  - year: 2025\n    meetings: {}\n    reviews: 6\n    inspections: 3\n    contacts: {}\n    trainings: 2\n    group_activities: 5\n    suggestions: {}\nreports:\n  - date: 2025-12-20\n    station: s{:05}\n    votes:\n      satisfied: {}\n      basically: 6\n      dissatisfied: 2\n---\n## 个人简介\n\n{}",
            name(&mut rng),
            if d % 2 == 0 { "男" } else { "女" },
            d % 10,
            d % 12 + 1,
            station_of(d) % 20,
            station_of(d),
            GROUPS[d % GROUPS.len()],
            OCCUPATIONS[d % OCCUPATIONS.len()],
            rng.u32(2..6),
            rng.u32(10..40),
            rng.u32(0..6),
            station_of(d),
            rng.u32(80..120),
            body(&mut rng, 10)
        );
        fs::write(out.join(format!("content/deputies/d{d:06}.md")), text)?;
    }
    for n in 0..deputies {
        let d = rng.usize(..deputies);
        let text = format!(
            "---\ntitle: 第{n}号新闻：代表履职动态\ndate: {}-{:02}-{:02}\nsummary: 代表履职动态摘要。\ndeputies: [d{d:06}]\nstations: [s{:05}]\ntags: [{}]\n---\n{}",
            2020 + n % 7,
            n % 12 + 1,
            n % 28 + 1,
            station_of(d),
            TAGS[n % TAGS.len()],
            body(&mut rng, 10)
        );
        fs::write(out.join(format!("content/news/n{n:06}.md")), text)?;
    }
    fs::write(
        out.join("content/pages/about.md"),
        "---\ntitle: 关于本平台\norder: 1\n---\n合成站点。\n",
    )?;
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let Ok(relative) = entry.path().strip_prefix(from) else {
            continue;
        };
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
