//! The map's style: colours, type sizes and the options a user can set.

use super::page::PageSize;
use super::projection::Extent;
use crate::input::metadata::DatasetMetadata;
use crate::timeline::MapDate;

/// How sites whose status is still unknown at the map's date are drawn.
///
/// chronomap draws them faint (grey, translucent) rather than leaving them out, so every
/// map of a series shows the same sites at the same places and labels never jump.
pub const UNKNOWN_OPACITY: f64 = 0.45;

impl MapStyle {
    /// `date` with its subtitle written from this style's template, if it has one.
    ///
    /// ```
    /// use chronomap::layout::style::MapStyle;
    /// use chronomap::timeline::MapDate;
    /// let style = MapStyle { subtitle: Some("Bases {when}".into()), ..MapStyle::default() };
    /// assert_eq!(style.dated(MapDate::end_of_year(2014)).subtitle, "Bases at end of 2014");
    /// ```
    pub fn dated(&self, date: MapDate) -> MapDate {
        if self.theme.langs.first != crate::lang::Lang::En {
            return self.dated_in(date);
        }
        match &self.subtitle {
            Some(t) => date.with_subtitle(t),
            None => date,
        }
    }

    /// [`MapStyle::dated`] in the words of the style's language: "Статус на конец 2014
    /// года", "на 30 июня 2012", "События 2014 года".
    fn dated_in(&self, mut date: MapDate) -> MapDate {
        let w = &self.theme.words;
        let year = date.year.to_string();
        let year_map = date.day == crate::model::Day::end_of_year(date.year);
        let day_text = format!(
            "{} {} {}",
            date.day.day(),
            w.months[usize::from(date.day.month().clamp(1, 12)) - 1],
            date.year
        );
        let (when, date_text) = if year_map {
            (w.at_end_of.replace("{year}", &year), year.clone())
        } else {
            (w.on_date.replace("{date}", &day_text), day_text.clone())
        };
        let template = self.subtitle.as_deref().unwrap_or(w.subtitle);
        date.subtitle = template
            .replace("{when}", &when)
            .replace("{date}", &date_text)
            .replace("{year}", &year);
        date.news_heading = if year_map {
            w.events_in.replace("{year}", &year)
        } else {
            w.events_up_to
                .replace("{year}", &year)
                .replace("{date}", &day_text)
        };
        date
    }

    /// Takes the title, subtitle and credit a dataset gives in its `dataset.toml`, where the
    /// user's flags (`--title`) have not already set them.
    ///
    /// What neither sets comes from the style file's `[text]` templates.
    pub fn with_metadata(mut self, meta: &DatasetMetadata) -> MapStyle {
        // A map in another language first takes the dataset's `[lang.CODE]` words.
        let code = self.theme.langs.first.code();
        if let Some(local) = meta.lang.get(code).filter(|_| code != "en") {
            self.title = self.title.or_else(|| local.title.clone());
            self.subtitle = self.subtitle.or_else(|| local.subtitle.clone());
            self.credit = self.credit.or_else(|| local.credit.clone());
        }
        let t = &self.theme.text;
        self.title = self
            .title
            .or_else(|| meta.title.clone())
            .or_else(|| t.title.clone());
        self.subtitle = self
            .subtitle
            .or_else(|| meta.subtitle.clone())
            .or_else(|| t.subtitle.clone());
        self.credit = self
            .credit
            .or_else(|| meta.credit.clone())
            .or_else(|| t.credit.clone());
        self
    }
}

/// What the user chose for a map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapStyle {
    /// The output size.
    pub page: PageSize,
    /// The geographic extent to show, or `None` to fit every site.
    pub extent: Option<Extent>,
    /// The title; `None` for a neutral one built from the data (see
    /// [`crate::layout::credits::neutral_title`]).
    pub title: Option<String>,
    /// The subtitle template (see [`MapDate::with_subtitle`]); `None` for "Status {when}".
    pub subtitle: Option<String>,
    /// Who compiled the events, for the credit line; `None` to name the sources' publishers.
    pub credit: Option<String>,
    /// A bare map for a small-multiples cell: the frame fills the page, the year sits in a
    /// corner, and the legend, panel, inset, scale bar and credits are left to the sheet.
    pub compact: bool,
    /// The house style (colours, shapes, type, layers, wording): one per run, shared by
    /// every output.
    pub theme: std::sync::Arc<crate::theme::Theme>,
}
