//! When a house campaign may fill a slot, and which of the eligible ones is chosen.

use super::slot::{Size, Slot, split_list};
use broadsheet_store::AdCampaign;

/// A stored campaign parsed into the rules that decide where it may run.
#[derive(Clone, Debug)]
pub struct Campaign {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub size: Size,
    pub slot_ids: Vec<i64>,
    pub sections: Vec<String>,
    pub weight: u32,
    /// Zero means no cap.
    pub daily_cap: i64,
    pub total_cap: i64,
    pub freq_cap: u32,
    pub enabled: bool,
}

impl Campaign {
    pub fn from_row(row: &AdCampaign) -> Option<Campaign> {
        Some(Campaign {
            id: row.id,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            size: Size {
                width: u32::try_from(row.width).ok()?,
                height: u32::try_from(row.height).ok()?,
            },
            slot_ids: split_list(&row.slot_ids)
                .iter()
                .filter_map(|s| s.parse().ok())
                .collect(),
            sections: split_list(&row.sections),
            weight: u32::try_from(row.weight).ok()?,
            daily_cap: row.daily_cap,
            total_cap: row.total_cap,
            freq_cap: u32::try_from(row.freq_cap).ok()?,
            enabled: row.enabled,
        })
    }
}

/// The request a creative is chosen for.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub now: i64,
    pub slot: &'a Slot,
    pub section: Option<&'a str>,
}

/// How often a campaign has been shown: today and in all, and to this reader today.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shown {
    pub today: i64,
    pub total: i64,
    pub by_reader_today: u32,
}

/// Why a campaign may not run; the first failing rule wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ineligible {
    Disabled,
    NotStarted,
    Ended,
    WrongSlot,
    WrongSection,
    DailyCapReached,
    TotalCapReached,
    FrequencyCapReached,
}

/// Decides whether `c` may fill the slot of `req`. Dates are `[starts_at, ends_at)`.
/// A campaign names its slots, or else fits any slot offering its exact size.
pub fn check(c: &Campaign, req: &Request, shown: Shown) -> Result<(), Ineligible> {
    use Ineligible::*;
    if !c.enabled || c.weight == 0 {
        return Err(Disabled);
    }
    if req.now < c.starts_at {
        return Err(NotStarted);
    }
    if req.now >= c.ends_at {
        return Err(Ended);
    }
    let fits = if c.slot_ids.is_empty() {
        req.slot.sizes.contains(c.size)
    } else {
        c.slot_ids.contains(&req.slot.id)
    };
    if !fits {
        return Err(WrongSlot);
    }
    if !c.sections.is_empty()
        && !req
            .section
            .is_some_and(|s| c.sections.iter().any(|x| x == s))
    {
        return Err(WrongSection);
    }
    if c.daily_cap > 0 && shown.today >= c.daily_cap {
        return Err(DailyCapReached);
    }
    if c.total_cap > 0 && shown.total >= c.total_cap {
        return Err(TotalCapReached);
    }
    if c.freq_cap > 0 && shown.by_reader_today >= c.freq_cap {
        return Err(FrequencyCapReached);
    }
    Ok(())
}

/// Picks one of `(id, weight)` with probability proportional to its weight, using a
/// uniformly random `roll`.
pub fn pick_weighted(candidates: &[(i64, u32)], roll: u64) -> Option<i64> {
    let total: u64 = candidates.iter().map(|(_, w)| u64::from(*w)).sum();
    if total == 0 {
        return None;
    }
    let mut at = roll % total;
    for (id, w) in candidates {
        let w = u64::from(*w);
        if at < w {
            return Some(*id);
        }
        at -= w;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ads::slot::{Breakpoint, Placement, SlotSizes};

    fn slot() -> Slot {
        Slot {
            id: 7,
            name: "Sidebar".into(),
            placement: Placement::Sidebar,
            paragraph: 0,
            repeat_every: 0,
            sizes: SlotSizes(vec![
                (
                    Breakpoint::Mobile,
                    Size {
                        width: 300,
                        height: 250,
                    },
                ),
                (
                    Breakpoint::Desktop,
                    Size {
                        width: 300,
                        height: 600,
                    },
                ),
            ]),
            page_types: vec!["article".into()],
            sections: vec![],
            tag_html: String::new(),
            enabled: true,
        }
    }

    fn campaign() -> Campaign {
        Campaign {
            id: 1,
            starts_at: 1000,
            ends_at: 2000,
            size: Size {
                width: 300,
                height: 250,
            },
            slot_ids: vec![],
            sections: vec![],
            weight: 1,
            daily_cap: 0,
            total_cap: 0,
            freq_cap: 0,
            enabled: true,
        }
    }

    fn at(now: i64, c: &Campaign, section: Option<&str>, shown: Shown) -> Result<(), Ineligible> {
        let s = slot();
        check(
            c,
            &Request {
                now,
                slot: &s,
                section,
            },
            shown,
        )
    }

    #[test]
    fn dates_are_start_inclusive_end_exclusive() {
        let c = campaign();
        assert_eq!(
            at(999, &c, None, Shown::default()),
            Err(Ineligible::NotStarted)
        );
        assert_eq!(at(1000, &c, None, Shown::default()), Ok(()));
        assert_eq!(at(1999, &c, None, Shown::default()), Ok(()));
        assert_eq!(at(2000, &c, None, Shown::default()), Err(Ineligible::Ended));
    }

    #[test]
    fn a_campaign_fits_by_named_slot_or_by_size() {
        let mut c = campaign();
        assert_eq!(at(1500, &c, None, Shown::default()), Ok(()));
        c.size = Size {
            width: 728,
            height: 90,
        };
        assert_eq!(
            at(1500, &c, None, Shown::default()),
            Err(Ineligible::WrongSlot)
        );
        c.slot_ids = vec![7];
        assert_eq!(at(1500, &c, None, Shown::default()), Ok(()));
        c.slot_ids = vec![8];
        assert_eq!(
            at(1500, &c, None, Shown::default()),
            Err(Ineligible::WrongSlot)
        );
    }

    #[test]
    fn section_targeting() {
        let mut c = campaign();
        c.sections = vec!["sport".into()];
        assert_eq!(at(1500, &c, Some("sport"), Shown::default()), Ok(()));
        assert_eq!(
            at(1500, &c, Some("city"), Shown::default()),
            Err(Ineligible::WrongSection)
        );
        assert_eq!(
            at(1500, &c, None, Shown::default()),
            Err(Ineligible::WrongSection)
        );
    }

    #[test]
    fn caps_stop_a_campaign() {
        let mut c = campaign();
        c.daily_cap = 10;
        c.total_cap = 100;
        c.freq_cap = 2;
        let shown = |today, total, by_reader_today| Shown {
            today,
            total,
            by_reader_today,
        };
        assert_eq!(at(1500, &c, None, shown(9, 99, 1)), Ok(()));
        assert_eq!(
            at(1500, &c, None, shown(10, 50, 0)),
            Err(Ineligible::DailyCapReached)
        );
        assert_eq!(
            at(1500, &c, None, shown(1, 100, 0)),
            Err(Ineligible::TotalCapReached)
        );
        assert_eq!(
            at(1500, &c, None, shown(1, 1, 2)),
            Err(Ineligible::FrequencyCapReached)
        );
        c.enabled = false;
        assert_eq!(
            at(1500, &c, None, Shown::default()),
            Err(Ineligible::Disabled)
        );
    }

    #[test]
    fn weights_share_the_picks_roughly_in_proportion() {
        let candidates = [(1, 1), (2, 3), (3, 0)];
        let mut counts = [0u32; 4];
        // A simple LCG gives well-spread rolls without pulling in a random crate.
        let mut x: u64 = 12345;
        for _ in 0..40_000 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            counts[pick_weighted(&candidates, x >> 11).unwrap() as usize] += 1;
        }
        assert_eq!(counts[3], 0, "weight zero is never picked");
        let share = f64::from(counts[2]) / 40_000.0;
        assert!((0.72..0.78).contains(&share), "weight 3 of 4 got {share}");
        assert_eq!(pick_weighted(&[], 5), None);
        assert_eq!(pick_weighted(&[(1, 0)], 5), None);
    }
}
