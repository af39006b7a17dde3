//! The shell every HTML report shares (the diagnosis, the simulation report): one
//! self-contained page — a Content-Security-Policy that allows no script and no remote content,
//! one inline style sheet with print rules, the language set for fonts and screen readers.

use crate::Lang;
use crate::export::markup::escape;

const STYLE: &str = "
body { font-family: 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', sans-serif; color: #1f2933;
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.6; }
h1 { font-size: 1.6rem; border-bottom: 3px solid #2563eb; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #cbd2d9; padding: .3rem .8rem; text-align: left; }
.score { font-size: 1.2rem; }
.advice { background: #eff6ff; border-left: 4px solid #2563eb; padding: .6rem 1rem; }
.item { border: 1px solid #e4e7eb; border-radius: 6px; padding: .5rem .9rem; margin: .5rem 0;
        break-inside: avoid; }
.answer { display: inline-block; min-width: 3.5rem; font-weight: bold; padding: 0 .4rem;
          border-radius: 4px; text-align: center; margin-right: .5rem; }
.yes { background: #d1fae5; color: #065f46; } .partial { background: #fef3c7; color: #92400e; }
.no { background: #fee2e2; color: #991b1b; } .unknown { background: #e5e7eb; color: #374151; }
.error { color: #991b1b; } .warning { color: #92400e; } .info { color: #1e40af; }
.self { font-size: .85rem; color: #6b7280; } code { color: #6b7280; font-size: .85rem; }
ul { margin: .2rem 0; }
.figures { display: flex; flex-wrap: wrap; gap: .6rem; margin: .6rem 0; }
.figure { border: 1px solid #e4e7eb; border-radius: 6px; padding: .4rem .8rem; min-width: 8rem; }
.figure .value { font-size: 1.3rem; font-weight: bold; }
.figure .band, .muted { font-size: .8rem; color: #6b7280; }
.bar { background: #dbeafe; height: .7rem; border-radius: 3px; }
.bar.open { background: #93c5fd; } .bar.click { background: #2563eb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg { max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: #4b5563; }
.chart-title { font-size: .9rem; font-weight: bold; margin: 1rem 0 .2rem; }
section.scenario { break-before: page; }
section.scenario:first-of-type { break-before: auto; }
@media print { body { margin: 0; max-width: none; } .item, li { break-inside: avoid; }
               h2 { break-after: avoid; } }
";

/// A complete page around `body` (HTML already escaped where it holds user text), titled `title`.
pub fn page(title: &str, lang: Lang, body: &str) -> String {
    let code = match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}
