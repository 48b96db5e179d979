//! Named bounds on hostile or accidental input, in one place: every reader and the build
//! check against these, so a limit is changed once and documented once. Each is chosen so
//! that real shops and real pages stay far below it while a page or file built to hang the
//! reader stops at it (with a warning or an error, never a hang).

/// Deepest element nesting the CLI's HTML reader builds. Browsers stop here too (Chromium's
/// parser caps its tree at 512): deeper elements become siblings of the deepest one. The
/// HTML tree-building rules scan the stack of open elements on nearly every tag, so without
/// a cap a page of n unclosed `<div>`s costs n² steps (20,000 took 47 s).
pub const MAX_DOM_DEPTH: usize = 512;

/// Most nodes (elements, text, comments) the CLI's HTML reader builds; the rest of the page
/// is skipped. Large real product pages have 5,000–30,000; a reader that keeps going is a
/// memory and time sink on generated or hostile pages.
pub const MAX_DOM_NODES: usize = 200_000;

/// Longest question searched, in bytes (the rest is ignored; `query` refuses longer ones).
/// Shoppers' questions are a sentence or two, well under 300 bytes; each word costs an
/// index walk with typo expansion, so a pasted page (240 KB took 2.6 s) must not be one.
pub const MAX_QUERY_BYTES: usize = 1024;

/// Plain-text size of one answer over which the build warns. A phone screen holds about
/// 1 KB of text; an answer of 16 KB is sixteen screens, which is a page to link to, not an
/// answer to show in a widget.
pub const ANSWER_WARN_BYTES: usize = 16 * 1024;

/// Plain-text size of one answer over which the build stops: every shopper downloads every
/// answer with the bundle, so one pasted manual (a 50 MB answer built a 57 MB bundle) must
/// not ship.
pub const ANSWER_MAX_BYTES: usize = 1024 * 1024;

/// Bundle size over which the build warns. The bundle is fetched on the first search intent;
/// on a slow 4G phone (Lighthouse's 1.6 Mbit/s) 2 MB takes about ten seconds, past which a
/// shopper stops waiting for an answer widget.
pub const BUNDLE_WARN_BYTES: usize = 2 * 1024 * 1024;

/// Bundle size over which the build stops: 64 MB is minutes on a phone and a real share of
/// a prepaid data plan, for every visitor who opens the search.
pub const BUNDLE_MAX_BYTES: usize = 64 * 1024 * 1024;

/// The page reader's bounds on JSON-LD, kept beside the others: at most this many
/// `<script type="application/ld+json">` blocks are read, each up to
/// [`crate::context::MAX_JSON_LD_BYTES`], nested at most [`crate::context::json::MAX_DEPTH`].
pub const MAX_JSON_LD_BLOCKS: usize = crate::context::MAX_JSON_LD;
