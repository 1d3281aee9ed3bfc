//! Printable notice-board sheets: one per station, one card per deputy, and the index
//! that links them (`print/`).
//!
//! Cards are split into printed pages here, 12 per A4 sheet and 24 per A3 sheet, so the
//! page count is exact and no card is ever cut by a page break.

use serde::Serialize;

use super::Renderer;
use super::templates::join_url;
use super::view::{DeputyCard, ReceptionView, Shared, SheetCard, SheetView, StationCard};
use crate::config::Paper;

/// Cards that fit on one printed page.
pub fn cards_per_page(paper: Paper) -> usize {
    match paper {
        Paper::A4 => 12,
        Paper::A3 => 24,
    }
}

/// The paper name for CSS `@page { size: … }`.
pub fn paper_name(paper: Paper) -> &'static str {
    match paper {
        Paper::A4 => "A4",
        Paper::A3 => "A3",
    }
}

/// The variables of every print template besides `site` and `lang`.
#[derive(Serialize)]
pub(super) struct PrintContext<T: Serialize> {
    /// `A4` or `A3`.
    paper: &'static str,
    /// Cards per printed page.
    per_page: usize,
    #[serde(flatten)]
    page: T,
}

#[derive(Serialize)]
pub(super) struct SheetPage<'a> {
    sheet: SheetView<'a>,
}

#[derive(Serialize)]
pub(super) struct AllSheetsPage<'a> {
    sheets: Vec<SheetView<'a>>,
}

#[derive(Serialize)]
pub(super) struct DeputySheetPage<'a> {
    deputy: &'a Shared<SheetCard<'a>>,
}

#[derive(Serialize)]
pub(super) struct PrintIndexPage<'a> {
    stations: Vec<SheetLink<'a>>,
    deputies: Vec<SheetLink<'a>>,
    /// URL of the page holding every station's sheet.
    all_url: String,
}

/// A link to one printable sheet or card (light: the index lists every deputy).
#[derive(Serialize)]
pub(super) struct SheetLink<'a> {
    /// Station or deputy name.
    name: &'a str,
    /// URL of the printable page.
    url: String,
    /// For stations: the kind in the UI language; empty for deputies.
    kind_name: &'a str,
    /// For stations: how many deputies the sheet shows.
    deputy_count: usize,
}

impl<'a, 'b> Renderer<'a, 'b> {
    pub(super) fn print_context<T: Serialize>(&self, page: T) -> PrintContext<T> {
        let paper = self.input.config.print.paper;
        PrintContext {
            paper: paper_name(paper),
            per_page: cards_per_page(paper),
            page,
        }
    }

    /// The public URL of a site path (QR codes always point at the public portal).
    fn public_url(&self, path: &str) -> String {
        join_url(self.input.public_base_url, path)
    }

    /// Encodes every QR code the sheets show, in parallel, into the theme's cache.
    pub(super) fn prepare_qr_codes(&self) {
        use rayon::prelude::*;
        // An error here is reported again, with its page, when the template asks.
        let encode = |url: &str| {
            let _ = self.input.theme.qr.get(url);
        };
        self.cards.stations.par_iter().for_each(|s| {
            encode(&self.public_url(&format!("stations/{}/", s.reference.slug)));
        });
        (0..self.cards.deputies.len())
            .into_par_iter()
            .for_each(|i| encode(&self.sheet_card(i).qr_url));
    }

    /// Deputy `i`'s printed card, made once per render: the deputy's own sheet, their
    /// station's and "print all" show the same one.
    pub(super) fn sheet_card(&self, i: usize) -> &Shared<SheetCard<'b>> {
        self.sheet_cards[i].get_or_init(|| {
            let card = &self.cards.deputies[i];
            let qr_url = match card.contact.qr.as_ref().map(|qr| qr.value.trim()) {
                Some(own) if !own.is_empty() => own.to_string(),
                _ => self.public_url(&format!("deputies/{}/", card.slug)),
            };
            Shared::new(SheetCard { card, qr_url })
        })
    }

    pub(super) fn sheet(&self, i: usize) -> SheetView<'_> {
        let per_page = cards_per_page(self.input.config.print.paper);
        let cards: Vec<&Shared<SheetCard>> = self.cards.station_deputies[i]
            .iter()
            .map(|&d| self.sheet_card(d))
            .collect();
        let mut pages: Vec<Vec<&Shared<SheetCard>>> = Vec::new();
        for chunk in cards.chunks(per_page) {
            pages.push(chunk.to_vec());
        }
        if pages.is_empty() {
            pages.push(Vec::new());
        }
        let station = &self.cards.stations[i];
        let mut upcoming: Vec<ReceptionView> = self.input.content.stations[i]
            .matter
            .reception
            .iter()
            .filter(|day| day.date.0 >= self.cards.today)
            .map(|day| {
                self.cards
                    .reception(self.input.theme, self.input.content, i, day)
            })
            .collect();
        upcoming.sort_by(|a, b| (&a.date, a.time).cmp(&(&b.date, b.time)));
        SheetView {
            station,
            portal_url: self.public_url(&format!("stations/{}/", station.reference.slug)),
            pages,
            reception_upcoming: upcoming,
        }
    }

    pub(super) fn all_sheets(&self) -> AllSheetsPage<'_> {
        AllSheetsPage {
            sheets: (0..self.cards.stations.len())
                .map(|i| self.sheet(i))
                .collect(),
        }
    }

    pub(super) fn sheet_page(&self, i: usize) -> SheetPage<'_> {
        SheetPage {
            sheet: self.sheet(i),
        }
    }

    pub(super) fn deputy_sheet_page(&self, i: usize) -> DeputySheetPage<'_> {
        DeputySheetPage {
            deputy: self.sheet_card(i),
        }
    }

    pub(super) fn print_index(&self) -> PrintIndexPage<'_> {
        let station = |s: &'b Shared<StationCard<'a>>| SheetLink {
            name: s.reference.name,
            url: self.url(&format!("print/stations/{}/", s.reference.slug)),
            kind_name: s.reference.kind_name,
            deputy_count: s.deputy_count,
        };
        let deputy = |d: &'b Shared<DeputyCard<'a>>| SheetLink {
            name: d.name,
            url: self.url(&format!("print/deputies/{}/", d.slug)),
            kind_name: "",
            deputy_count: 0,
        };
        PrintIndexPage {
            stations: self.cards.stations.iter().map(station).collect(),
            deputies: self.cards.deputies.iter().map(deputy).collect(),
            all_url: self.url("print/all/"),
        }
    }
}
