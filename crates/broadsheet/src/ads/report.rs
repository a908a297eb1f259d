//! Reports: counts by day with click-through rates, a chart drawn as SVG geometry for
//! the template, and CSV.

use broadsheet_store::AdDay;
use serde::Serialize;
use std::fmt::Write;

/// One day of a report, with its date as Unix seconds for the `date` filter.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Row {
    pub day: i64,
    pub date: i64,
    pub iso: String,
    pub served: i64,
    pub viewable: i64,
    pub clicks: i64,
    /// Clicks per viewable impression, as a percentage with two decimals.
    pub ctr: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Report {
    pub rows: Vec<Row>,
    pub total: Row,
    pub chart: Chart,
}

/// Clicks per viewable impression as a percentage: "1.25".
pub fn ctr(clicks: i64, viewable: i64) -> String {
    if viewable <= 0 {
        return "0.00".into();
    }
    format!("{:.2}", clicks as f64 * 100.0 / viewable as f64)
}

fn iso(day: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(day * 86_400)
        .map(|d| d.date().to_string())
        .unwrap_or_default()
}

fn row(day: i64, served: i64, viewable: i64, clicks: i64) -> Row {
    Row {
        day,
        date: day * 86_400,
        iso: iso(day),
        served,
        viewable,
        clicks,
        ctr: ctr(clicks, viewable),
    }
}

pub fn build(days: &[AdDay]) -> Report {
    let rows: Vec<Row> = days
        .iter()
        .map(|d| row(d.day, d.served, d.viewable, d.clicks))
        .collect();
    let sum = |f: fn(&AdDay) -> i64| days.iter().map(f).sum::<i64>();
    let mut total = row(0, sum(|d| d.served), sum(|d| d.viewable), sum(|d| d.clicks));
    total.iso = String::new();
    Report {
        chart: chart(&rows),
        rows,
        total,
    }
}

/// The chart's geometry: one polyline per series in a fixed viewBox.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Chart {
    pub width: u32,
    pub height: u32,
    pub max: i64,
    pub served: String,
    pub viewable: String,
    pub clicks: String,
    pub first: String,
    pub last: String,
}

const W: f64 = 600.0;
const H: f64 = 200.0;
const PAD: f64 = 20.0;

fn chart(rows: &[Row]) -> Chart {
    let max = rows
        .iter()
        .map(|r| r.served.max(r.viewable))
        .max()
        .unwrap_or(0)
        .max(1);
    let points = |f: fn(&Row) -> i64| {
        let n = rows.len();
        let mut out = String::new();
        for (i, r) in rows.iter().enumerate() {
            let x = if n <= 1 {
                W / 2.0
            } else {
                PAD + (W - 2.0 * PAD) * i as f64 / (n - 1) as f64
            };
            let y = H - PAD - (H - 2.0 * PAD) * f(r) as f64 / max as f64;
            write!(out, "{}{x:.1},{y:.1}", if i == 0 { "" } else { " " }).expect("string");
        }
        out
    };
    Chart {
        width: W as u32,
        height: H as u32,
        max,
        served: points(|r| r.served),
        viewable: points(|r| r.viewable),
        clicks: points(|r| r.clicks),
        first: rows.first().map(|r| r.iso.clone()).unwrap_or_default(),
        last: rows.last().map(|r| r.iso.clone()).unwrap_or_default(),
    }
}

/// The report as CSV: one header line, one line per day.
pub fn csv(report: &Report) -> String {
    let mut out = String::from("date,impressions,viewable_impressions,clicks,ctr_percent\n");
    for r in &report.rows {
        writeln!(
            out,
            "{},{},{},{},{}",
            r.iso, r.served, r.viewable, r.clicks, r.ctr
        )
        .expect("string");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_rates_chart_and_csv() {
        let days = [
            AdDay {
                day: 20_000,
                served: 10,
                viewable: 8,
                clicks: 1,
            },
            AdDay {
                day: 20_001,
                served: 20,
                viewable: 12,
                clicks: 3,
            },
        ];
        let r = build(&days);
        assert_eq!(r.total.served, 30);
        assert_eq!(r.total.ctr, "20.00");
        assert_eq!(r.rows[0].ctr, "12.50");
        assert_eq!(r.rows[0].iso, "2024-10-04");
        assert_eq!(r.chart.max, 20);
        assert_eq!(r.chart.served, "20.0,100.0 580.0,20.0");
        assert_eq!(
            csv(&r),
            "date,impressions,viewable_impressions,clicks,ctr_percent\n\
             2024-10-04,10,8,1,12.50\n2024-10-05,20,12,3,25.00\n"
        );
        assert_eq!(ctr(3, 0), "0.00");
        assert!(build(&[]).rows.is_empty());
    }
}
