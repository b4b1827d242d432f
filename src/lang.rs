//! The map's own words in English, Russian and Kyrgyz: legend, subtitle, panel headings,
//! scale-bar unit, north letter, credits and notes. A map in another language takes its
//! site names from `name_CODE` properties and its basemap names from the basemap's
//! `name_CODE` fields, falling back to the English `name`.

/// A language the maps can be drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (the data's own `name`).
    En,
    /// Russian.
    Ru,
    /// Kyrgyz.
    Ky,
}

/// The codes `--lang` accepts.
pub const LANG_CODES: [&str; 3] = ["en", "ru", "ky"];

impl Lang {
    /// Parses a code (`en`, `ru`, `ky`).
    ///
    /// ```
    /// use chronomap::lang::Lang;
    /// assert_eq!(Lang::parse("RU"), Some(Lang::Ru));
    /// assert_eq!(Lang::parse("de"), None);
    /// ```
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            "ky" => Some(Lang::Ky),
            _ => None,
        }
    }

    /// The code, which is also the suffix of the `name_CODE` properties.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Ky => "ky",
        }
    }

    /// The map's own words in this language.
    pub fn words(self) -> Words {
        match self {
            Lang::En => Words::english(),
            Lang::Ru => Words::russian(),
            Lang::Ky => Words::kyrgyz(),
        }
    }
}

/// Why a `--lang` value was refused.
///
/// ```
/// use chronomap::lang::Languages;
/// let e = Languages::parse("de").unwrap_err();
/// assert!(e.to_string().starts_with("--lang \"de\": \"de\" is not a language"), "{e}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LangError {
    /// A code that is not one of [`LANG_CODES`].
    #[error(
        "--lang {text:?}: {code:?} is not a language chronomap has words for; use {codes}",
        codes = LANG_CODES.join(", ")
    )]
    Unknown {
        /// The whole flag value.
        text: String,
        /// The code that is not known.
        code: String,
    },
    /// More than two languages.
    #[error("--lang {text:?}: give one language, or two for bilingual labels (ru,en)")]
    TooMany {
        /// The whole flag value.
        text: String,
    },
}

/// The languages of a map: the first names every label; a second, when given, is added
/// after a slash ("Кант / Kant").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    /// The map's language.
    pub first: Lang,
    /// The second language of bilingual labels.
    pub second: Option<Lang>,
}

impl Default for Languages {
    fn default() -> Self {
        Languages {
            first: Lang::En,
            second: None,
        }
    }
}

impl Languages {
    /// Parses `--lang`: one code, or two separated by a comma (`ru,en`).
    ///
    /// ```
    /// use chronomap::lang::{Lang, Languages};
    /// let l = Languages::parse("ru,en").unwrap();
    /// assert_eq!((l.first, l.second), (Lang::Ru, Some(Lang::En)));
    /// assert!(Languages::parse("ru,en,ky").is_err());
    /// assert!(Languages::parse("xx").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Languages, LangError> {
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let lang = |code: &str| {
            Lang::parse(code).ok_or_else(|| LangError::Unknown {
                text: text.to_string(),
                code: code.to_string(),
            })
        };
        match parts.as_slice() {
            [one] => Ok(Languages {
                first: lang(one)?,
                second: None,
            }),
            [a, b] => {
                let (first, second) = (lang(a)?, lang(b)?);
                Ok(Languages {
                    first,
                    second: (second != first).then_some(second),
                })
            }
            _ => Err(LangError::TooMany {
                text: text.to_string(),
            }),
        }
    }

    /// A name in the map's languages, from the English `name` and the translations
    /// `names` (`(code, name)` pairs): "Кант / Kant", "Кант", or "Kant" where there is no
    /// translation.
    ///
    /// ```
    /// use chronomap::lang::Languages;
    /// let names = vec![("ru".to_string(), "Кант".to_string())];
    /// let l = Languages::parse("ru,en").unwrap();
    /// assert_eq!(l.name("Kant", &names), "Кант / Kant");
    /// assert_eq!(Languages::parse("ky").unwrap().name("Kant", &names), "Kant");
    /// ```
    pub fn name(&self, english: &str, names: &[(String, String)]) -> String {
        let one = |lang: Lang| -> String {
            if lang == Lang::En {
                return english.to_string();
            }
            names
                .iter()
                .find(|(code, n)| code == lang.code() && !n.trim().is_empty())
                .map_or_else(|| english.to_string(), |(_, n)| n.clone())
        };
        let first = one(self.first);
        match self.second.map(one) {
            Some(second) if second != first => format!("{first} / {second}"),
            _ => first,
        }
    }

    /// Whether `names` lacks the first language's translation (English never does).
    pub fn missing(&self, names: &[(String, String)]) -> bool {
        self.first != Lang::En
            && !names
                .iter()
                .any(|(code, n)| code == self.first.code() && !n.trim().is_empty())
    }
}

/// The map's own words. Templates hold `{year}`, `{date}`, `{when}`, `{changes}`,
/// `{publishers}` where they say so.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct Words {
    pub active: &'static str,
    pub proposed: &'static str,
    pub declined: &'static str,
    pub closed: &'static str,
    pub unknown: &'static str,
    pub status_heading: &'static str,
    pub operator_heading: &'static str,
    pub marks_heading: &'static str,
    pub changed: &'static str,
    pub disputed: &'static str,
    pub approximate: &'static str,
    pub leaders: &'static str,
    pub locator: &'static str,
    pub other_operator: &'static str,
    /// The subtitle, with `{when}`.
    pub subtitle: &'static str,
    /// `{when}` at the end of a year, with `{year}`.
    pub at_end_of: &'static str,
    /// `{when}` on a day, with `{date}`.
    pub on_date: &'static str,
    /// The panel heading, with `{year}`.
    pub events_in: &'static str,
    /// The panel heading on a map of a day, with `{year}` and `{date}`.
    pub events_up_to: &'static str,
    pub sources: &'static str,
    /// With `{changes}`.
    pub changed_line: &'static str,
    /// With `{date}`.
    pub dated_only: &'static str,
    /// The disputed-date note after an event, with `{date}`.
    pub another_source: &'static str,
    pub km: &'static str,
    pub north: &'static str,
    pub basemap_credit: &'static str,
    /// With `{publishers}`.
    pub events_credit: &'static str,
    pub projection_credit: &'static str,
    /// Month names, January first (in the form a date takes: "30 июня").
    pub months: [&'static str; 12],
    /// Operator names as the legend gives them: (English name, translation).
    pub operators: &'static [(&'static str, &'static str)],
    /// The description's sentences: `{n}`, `{sites}`, `{parts}`.
    pub map_shows: &'static str,
    /// `{parts}`.
    pub by_operator: &'static str,
    /// `{year}`, `{changes}`.
    pub changed_in: &'static str,
    /// `{year}`.
    pub no_change: &'static str,
    /// `{kind}`, `{sites}`, `{a}`, `{b}`.
    pub disagree: &'static str,
    /// The last joint of a list.
    pub and: &'static str,
    /// "site" in the forms a number takes: one, few (2–4), many.
    pub site_forms: [&'static str; 3],
    /// Event kinds: (kind as in events.csv, word).
    pub kinds: &'static [(&'static str, &'static str)],
}

impl Words {
    fn english() -> Words {
        Words {
            active: "Active",
            proposed: "Proposed",
            declined: "Declined (refused)",
            closed: "Closed",
            unknown: "Not yet in the record",
            status_heading: "Status",
            operator_heading: "Operator",
            marks_heading: "Marks",
            changed: "Status changed in the year shown",
            disputed: "‡ Sources disagree on a date",
            approximate: "Position approximate (a town or village)",
            leaders: "A thin line joins a label moved off its site.",
            locator: "Locator: map area in red",
            other_operator: "Other operator",
            subtitle: "Status {when}",
            at_end_of: "at end of {year}",
            on_date: "on {date}",
            events_in: "Events in {year}",
            events_up_to: "Events in {year} up to {date}",
            sources: "Sources",
            changed_line: "Changed: {changes}.",
            dated_only: "Dated only to {date}: not yet counted on this map.",
            another_source: " ‡ Another source dates this {date}",
            km: "km",
            north: "N",
            basemap_credit: "Basemap: Natural Earth (public domain). Rivers: World Data Bank II (public domain). Relief: GEBCO Compilation Group (2023) GEBCO 2023 Grid (doi:10.5285/f98b053b-0cbc-6c23-e053-6c86abc0af7b). Places: GeoNames (geonames.org), CC BY 4.0, filtered and renamed.",
            events_credit: "Events: compiled with chronomap from {publishers} (numbered notes).",
            projection_credit: "Projection: Lambert conformal conic.",
            months: [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            operators: &[],
            map_shows: "The map shows {n} {sites}: {parts}.",
            by_operator: "By operator: {parts}.",
            changed_in: "Changed in {year}: {changes}.",
            no_change: "No site changed status in {year}.",
            disagree: "The sources disagree on the date of the {kind} of {sites}: {a} or {b}.",
            and: "and",
            site_forms: ["site", "sites", "sites"],
            kinds: &[],
        }
    }

    fn russian() -> Words {
        Words {
            active: "Действует",
            proposed: "Предложена",
            declined: "Отклонена",
            closed: "Закрыта",
            unknown: "Ещё нет в записях",
            status_heading: "Статус",
            operator_heading: "Оператор",
            marks_heading: "Обозначения",
            changed: "Статус изменился в показанном году",
            disputed: "‡ Источники расходятся в дате",
            approximate: "Положение приблизительно (город или село)",
            leaders: "Тонкая линия ведёт к объекту от смещённой подписи.",
            locator: "Обзорная карта: район карты выделен красным",
            other_operator: "Другой оператор",
            subtitle: "Статус {when}",
            at_end_of: "на конец {year} года",
            on_date: "на {date}",
            events_in: "События {year} года",
            events_up_to: "События {year} года по {date}",
            sources: "Источники",
            changed_line: "Изменения: {changes}.",
            dated_only: "Датировано лишь {date}: на этой карте ещё не учтено.",
            another_source: " ‡ Другой источник относит это к {date}",
            km: "км",
            north: "С",
            basemap_credit: "Основа: Natural Earth (общественное достояние). Реки: World Data Bank II (общественное достояние). Рельеф: GEBCO Compilation Group (2023) GEBCO 2023 Grid (doi:10.5285/f98b053b-0cbc-6c23-e053-6c86abc0af7b). Населённые пункты: GeoNames (geonames.org), CC BY 4.0, отобраны и переименованы.",
            events_credit: "События: собраны с помощью chronomap по материалам {publishers} (номера в примечаниях).",
            projection_credit: "Проекция: коническая равноугольная Ламберта.",
            months: [
                "января",
                "февраля",
                "марта",
                "апреля",
                "мая",
                "июня",
                "июля",
                "августа",
                "сентября",
                "октября",
                "ноября",
                "декабря",
            ],
            operators: &[
                ("Russia", "Россия"),
                ("United States", "США"),
                ("CSTO", "ОДКБ"),
                ("Other operator", "Другой оператор"),
            ],
            map_shows: "На карте {n} {sites}: {parts}.",
            by_operator: "По операторам: {parts}.",
            changed_in: "Изменения в {year} году: {changes}.",
            no_change: "В {year} году статус ни одного объекта не изменился.",
            disagree: "Источники расходятся в дате события «{kind}» для объектов {sites}: {a} или {b}.",
            and: "и",
            site_forms: ["объект", "объекта", "объектов"],
            kinds: &[
                ("opened", "открытие"),
                ("closed", "закрытие"),
                ("agreement", "соглашение"),
                ("lease", "аренда"),
                ("proposal", "предложение"),
                ("statement", "заявление"),
                ("declined", "отказ"),
                ("merger", "слияние"),
                ("expansion", "расширение"),
                ("deployment", "развёртывание"),
                ("exercise", "учения"),
                ("other", "другое"),
            ],
        }
    }

    fn kyrgyz() -> Words {
        Words {
            active: "Иштейт",
            proposed: "Сунушталган",
            declined: "Четке кагылган",
            closed: "Жабылган",
            unknown: "Азырынча маалымат жок",
            status_heading: "Абалы",
            operator_heading: "Ээси",
            marks_heading: "Белгилер",
            changed: "Көрсөтүлгөн жылы абалы өзгөргөн",
            disputed: "‡ Булактар датада макул эмес",
            approximate: "Жайгашуусу болжолдуу (шаар же айыл)",
            leaders: "Ичке сызык жылдырылган жазууну объектиге туташтырат.",
            locator: "Жайгашкан жери: карта аймагы кызыл менен",
            other_operator: "Башка ээси",
            subtitle: "Абалы {when}",
            at_end_of: "{year}-жылдын аягында",
            on_date: "{date} карата",
            events_in: "{year}-жылдын окуялары",
            events_up_to: "{year}-жылдын {date} чейинки окуялары",
            sources: "Булактар",
            changed_line: "Өзгөрүүлөр: {changes}.",
            dated_only: "{date} гана белгиленген: бул картада эске алына элек.",
            another_source: " ‡ Башка булак муну {date} деп белгилейт",
            km: "км",
            north: "Т",
            basemap_credit: "Негизги карта: Natural Earth (коомдук менчик). Дарыялар: World Data Bank II (коомдук менчик). Рельеф: GEBCO Compilation Group (2023) GEBCO 2023 Grid (doi:10.5285/f98b053b-0cbc-6c23-e053-6c86abc0af7b). Калктуу конуштар: GeoNames (geonames.org), CC BY 4.0, тандалып, кайра аталган.",
            events_credit: "Окуялар: chronomap менен {publishers} материалдарынан чогултулган (номерленген эскертүүлөр).",
            projection_credit: "Проекция: Ламберттин конустук тең бурчтуу проекциясы.",
            months: [
                "январь",
                "февраль",
                "март",
                "апрель",
                "май",
                "июнь",
                "июль",
                "август",
                "сентябрь",
                "октябрь",
                "ноябрь",
                "декабрь",
            ],
            operators: &[
                ("Russia", "Россия"),
                ("United States", "АКШ"),
                ("CSTO", "ЖКМУ"),
                ("Other operator", "Башка ээси"),
            ],
            map_shows: "Картада {n} {sites}: {parts}.",
            by_operator: "Ээлери боюнча: {parts}.",
            changed_in: "{year}-жылы өзгөрүүлөр: {changes}.",
            no_change: "{year}-жылы эч бир объекттин абалы өзгөргөн жок.",
            disagree: "Булактар «{kind}» окуясынын датасында макул эмес ({sites}): {a} же {b}.",
            and: "жана",
            site_forms: ["объект", "объект", "объект"],
            kinds: &[
                ("opened", "ачылышы"),
                ("closed", "жабылышы"),
                ("agreement", "келишим"),
                ("lease", "ижара"),
                ("proposal", "сунуш"),
                ("statement", "билдирүү"),
                ("declined", "баш тартуу"),
                ("merger", "биригүү"),
                ("expansion", "кеңейтүү"),
                ("deployment", "жайгаштыруу"),
                ("exercise", "машыгуу"),
                ("other", "башка"),
            ],
        }
    }

    /// "site" agreeing with `n` (Russian: 1 объект, 2 объекта, 5 объектов).
    pub fn sites_word(&self, n: usize) -> &'static str {
        let (ten, hundred) = (n % 10, n % 100);
        if ten == 1 && hundred != 11 {
            self.site_forms[0]
        } else if (2..=4).contains(&ten) && !(12..=14).contains(&hundred) {
            self.site_forms[1]
        } else {
            self.site_forms[2]
        }
    }

    /// An event kind's word (the kind itself where the catalogue has none).
    pub fn kind<'a>(&self, kind: &'a str) -> &'a str {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(kind, |(_, w)| *w)
    }
}
