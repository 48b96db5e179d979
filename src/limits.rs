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
