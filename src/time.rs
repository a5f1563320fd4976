//! Dates and the service's time.
//!
//! The civil calendar that SRP's `TIMESTAMP`, STS's ISO 8601 `Expiration` and HTTP's `Date`
//! share, and the service's time read from a reply's `Date` header: a device clock an hour or a
//! day wrong must not break what is judged in the service's time (the `TIMESTAMP` Cognito checks
//! within minutes, the expiry of AWS credentials).

use crate::platform::HttpResponse;
use crate::text::digits;

/// How far the device clock may be from a reply's `Date` before the `Date` is believed instead.
/// The header has whole seconds and the reply took some time to come: within this, the device
/// clock is the better of the two.
pub const SKEW_TOLERANCE_MS: u64 = 30_000;

/// Milliseconds to add to the device clock (`device_now_ms`, read as `reply` came) to read the
/// service's: from the reply's `Date` header, 0 without one (the service does not expose it to
/// the page, or there was no reply), when it does not parse, or when the two agree within
/// [`SKEW_TOLERANCE_MS`].
pub fn skew_ms(reply: Option<&HttpResponse>, device_now_ms: u64) -> i64 {
    let Some(date_s) = reply.and_then(|r| r.header("date")).and_then(http_date) else {
        return 0;
    };
    // The reply left within that second: its middle is the best guess.
    let service_ms = date_s.saturating_mul(1000).saturating_add(500);
    if service_ms.abs_diff(device_now_ms) <= SKEW_TOLERANCE_MS {
        return 0;
    }
    let ahead = |a: u64, b: u64| i64::try_from(a - b).unwrap_or(i64::MAX);
    if service_ms > device_now_ms {
        ahead(service_ms, device_now_ms)
    } else {
        -ahead(device_now_ms, service_ms)
    }
}

/// `ms` moved by `skew_ms` (see [`skew_ms`]), within `0..=u64::MAX`.
pub fn shifted(ms: u64, skew_ms: i64) -> u64 {
    if skew_ms < 0 {
        ms.saturating_sub(skew_ms.unsigned_abs())
    } else {
        ms.saturating_add(skew_ms.unsigned_abs())
    }
}

/// An HTTP `Date` in the IMF-fixdate form every AWS service sends (`Sun, 06 Nov 1994 08:49:37
/// GMT`, RFC 9110 §5.6.7), in seconds since the epoch; `None` for anything else. The weekday is
/// not checked.
pub fn http_date(text: &str) -> Option<u64> {
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let b = text.as_bytes();
    if b.len() != 29 || b.get(3..5) != Some(b", ") || b.get(25..) != Some(b" GMT") {
        return None;
    }
    let num = |at: usize, len: usize| digits(text.get(at..at + len)?);
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(at(7, b' ') && at(11, b' ') && at(16, b' ') && at(19, b':') && at(22, b':')) {
        return None;
    }
    let month = MONTHS.iter().position(|m| Some(*m) == b.get(8..11))? as u64 + 1;
    let (year, day) = (num(12, 4)?, num(5, 2)?);
    let (h, m, s) = (num(17, 2)?, num(20, 2)?, num(23, 2)?);
    if year < 1970 || day < 1 || day > days_in_month(year, month) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days in `month` (1 to 12) of `year` of the proleptic Gregorian calendar; 0 for another month.
pub fn days_in_month(year: u64, month: u64) -> u64 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a date from 1970 on (H. Hinnant's `days_from_civil`, the year
/// counted from March so that the leap day comes last). `month` 1 to 12, `day` from 1.
pub fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 {
        year.saturating_sub(1)
    } else {
        year
    };
    let (era, year_of_era) = (y / 400, y % 400);
    let day_of_year = ((153 * ((month + 9) % 12) + 2) / 5 + day).saturating_sub(1);
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).saturating_sub(719_468)
}

/// `(year, month, day)` of a number of days since 1970-01-01 (H. Hinnant's `civil_from_days`).
pub fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(date: &str) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![("date".into(), date.into())],
            body: String::new(),
        }
    }

    // Mon, 30 Nov 2026 18:53:27 GMT
    const DATE: &str = "Mon, 30 Nov 2026 18:53:27 GMT";
    const DATE_S: u64 = 1_796_064_807;

    #[test]
    fn http_dates_read_as_rfc_9110_writes_them() {
        assert_eq!(http_date(DATE), Some(DATE_S));
        assert_eq!(http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(
            http_date("Thu, 29 Feb 2024 23:59:59 GMT"),
            Some(1_709_251_199)
        );
    }

    #[test]
    fn other_date_forms_and_impossible_dates_are_none() {
        for bad in [
            "",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Mon, 30 Nov 2026 18:53:27 UTC",
            "Mon, 30 Nov 2026 18:53:27 GMT ",
            "Mon, 31 Nov 2026 18:53:27 GMT",
            "Thu, 29 Feb 2023 00:00:00 GMT",
            "Mon, 30 Nox 2026 18:53:27 GMT",
            "Mon, 30 Nov 2026 24:00:00 GMT",
            "Mon, 30 Nov 1969 18:53:27 GMT",
            "Mon, +0 Nov 2026 18:53:27 GMT",
            "Mon, 30 Nov 2026 18-53-27 GMT",
            "Mon,Ｘ30 Nov 2026 18:53:2 GMT",
        ] {
            assert_eq!(http_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_calendar_round_trips_every_day_from_1970_to_2200() {
        for days in 0..84_000 {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=days_in_month(y, m)).contains(&d));
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn a_device_clock_a_day_or_an_hour_off_is_corrected_by_the_date() {
        let service_ms = DATE_S * 1000 + 500;
        for off in [
            86_400_000i64,
            -86_400_000,
            3_600_000,
            -3_600_000,
            31_000,
            -31_000,
        ] {
            let device = shifted(service_ms, off);
            let skew = skew_ms(Some(&dated(DATE)), device);
            assert_eq!(skew, -off, "{off}");
            assert_eq!(shifted(device, skew), service_ms);
        }
    }

    #[test]
    fn a_device_clock_within_the_tolerance_is_believed() {
        let service_ms = DATE_S * 1000;
        for device in [service_ms, service_ms + 29_000, service_ms - 29_000] {
            assert_eq!(skew_ms(Some(&dated(DATE)), device), 0);
        }
    }

    #[test]
    fn without_a_usable_date_the_device_clock_stands() {
        let no_date = HttpResponse {
            status: 200,
            headers: vec![],
            body: String::new(),
        };
        assert_eq!(skew_ms(Some(&no_date), 5), 0);
        assert_eq!(skew_ms(Some(&dated("yesterday")), 5), 0);
        assert_eq!(skew_ms(None, 5), 0);
    }

    #[test]
    fn shifting_saturates() {
        assert_eq!(shifted(5, -10), 0);
        assert_eq!(shifted(u64::MAX - 1, 10), u64::MAX);
        assert_eq!(shifted(5, i64::MIN), 0);
    }
}
