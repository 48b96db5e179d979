//! Estimated delivery dates: processing, cutoff in the shop's time zone, business days,
//! holidays, destination zones and product overrides.
//!
//! Pure and std-only so the same code runs in the size-budgeted wasm widget and in the
//! native CLI; the clock, the IANA data and the holiday expansion all come in as
//! arguments or precomputed bundles. Semantics follow `DELIVERY.md`. The built-in
//! calendars (`holidays`, generated from python-holidays) are build-time data of the CLI.

pub mod codec;
pub mod date;
pub mod engine;
#[cfg(feature = "cli")]
pub mod holidays;
#[cfg(feature = "cli")]
pub mod precompute;
pub mod rules;
pub mod table;
pub mod tz;
pub mod zone;

pub use date::{Date, Weekday, WeekdaySet};
pub use engine::{
    estimate, Carrier, Estimate, EstimateError, Handling, ProductOverride, ShopRules,
};
#[cfg(feature = "cli")]
pub use holidays::holidays;
pub use rules::{
    DeliveryRules, Notice, ProductFacts, ProductRule, Promise, PromiseError,
    NOTICE_ORDER_CONFIRMATION, NOTICE_PRODUCT,
};
pub use tz::TzTable;
pub use zone::{pick, Destination, Method, Zone, ZoneHolidays, ZoneRate};
