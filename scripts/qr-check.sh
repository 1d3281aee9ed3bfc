#!/usr/bin/env bash
# Checks that phones' decoders read deputy-board's QR codes: draws the code of every URL
# of a list (10,000 synthetic deputies, 1,000 stations and 3,000 random pinyin URLs on
# four hosts) and decodes them all with zbarimg, first clean, then a sample of 2,000
# blurred, shrunk and noisy at two levels of damage. Needs zbar-tools and python3.
# Usage: scripts/qr-check.sh            (about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example qr_images
work=$(mktemp -d /tmp/deputy-board-qr.XXXX)
trap 'rm -rf "$work"' EXIT
python3 - > "$work/urls.txt" <<'PY'
import random
random.seed(7)
for i in range(10000): print(f"https://example.org/renda/deputies/d{i:06d}/")
for i in range(1000): print(f"https://example.org/renda/stations/s{i:05d}/")
syllables = ("zhang wang li zhao liu chen yang huang zhou wu xu sun ma zhu hu guo he lin "
             "luo gao xiao hong mei jun wei qiang fang hui ying").split()
hosts = ["https://example.org/renda/", "https://rd.xian.gov.cn/", "http://localhost:1111/",
         "https://www.example-county.gov.cn/rendalianluo/zhan/"]
for i in range(3000):
    slug = "-".join(random.choice(syllables) for _ in range(random.randint(1, 5)))
    if random.random() < 0.2:
        slug += f"-{random.randint(2, 99)}"
    kind = random.choice(["deputies", "stations", "contact"])
    print(f"{random.choice(hosts)}{kind}/{slug}/")
PY
decode() { # folder -> decoded texts, one per line
    find "$1" -type f | sort | xargs -n 200 -P 2 zbarimg -q --raw 2>/dev/null || true
}
./target/release/examples/qr_images "$work/clean" < "$work/urls.txt"
decode "$work/clean" | sort > "$work/decoded.txt"
sort "$work/urls.txt" > "$work/expected.txt"
missing=$(comm -23 "$work/expected.txt" "$work/decoded.txt" | wc -l)
echo "clean: $(wc -l < "$work/decoded.txt") of $(wc -l < "$work/urls.txt") decoded, $missing URLs not read back"
(sed -n '1,700p' "$work/urls.txt"; sed -n '10001,10300p;11001,12000p' "$work/urls.txt") > "$work/sample.txt"
for damage in "1 3 60" "2 2 50"; do
    # shellcheck disable=SC2086
    ./target/release/examples/qr_images "$work/damaged-${damage// /-}" $damage < "$work/sample.txt"
    echo "damaged (blur, step, noise = $damage): $(decode "$work/damaged-${damage// /-}" | wc -l) of 2000 decoded"
done
[ "$missing" -eq 0 ]
