//! How much the history's periods differ beyond chance: what widens a forecast's band for the
//! period it covers (the response model's open rates, the behaviour model's own doing). One rule,
//! so both read their history alike.

/// The fewest events a period must expect to be read: below it, chance swamps what it shows.
pub const MIN_EXPECTED: f64 = 100.0;

/// The fewest such periods a spread is read from.
pub const MIN_PERIODS: usize = 3;

/// The variance of the log ratio of each period's events to what the model expected of it,
/// beyond what chance gives (a Poisson or binomial count's about 1 / the expected), with the
/// periods it was read from: periods expecting at least `MIN_EXPECTED` and seeing some. `None`
/// with fewer than `MIN_PERIODS` of them. May be negative (chance explains it all): a caller
/// pooling several keeps the sign, one alone takes 0.
pub fn excess_log_variance(periods: impl IntoIterator<Item = (f64, f64)>) -> Option<(f64, usize)> {
    let full: Vec<(f64, f64)> = (periods.into_iter())
        .filter(|&(seen, expected)| expected >= MIN_EXPECTED && seen > 0.0)
        .collect();
    if full.len() < MIN_PERIODS {
        return None;
    }
    let logs: Vec<f64> = full
        .iter()
        .map(|(seen, expected)| (seen / expected).ln())
        .collect();
    let n = logs.len() as f64;
    let mean = logs.iter().sum::<f64>() / n;
    let spread = logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let chance = full.iter().map(|(_, expected)| 1.0 / expected).sum::<f64>() / n;
    Some((spread - chance, full.len()))
}

/// The sd of the log ratio between periods, pooled over several series' `excess_log_variance`
/// (each weighed by its degrees of freedom): 0 where none can be read or chance explains it all.
pub fn pooled_sd(series: impl IntoIterator<Item = Option<(f64, usize)>>) -> f64 {
    let (sum, weight) = (series.into_iter().flatten())
        .map(|(variance, n)| ((n - 1) as f64 * variance, (n - 1) as f64))
        .fold((0.0, 0.0), |(s, w), (a, b)| (s + a, w + b));
    if weight > 0.0 {
        (sum / weight).max(0.0).sqrt()
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_that_differ_by_chance_alone_have_no_spread_and_swinging_ones_do() {
        // Counts that are exactly what was expected: the spread is chance's, negative once it
        // is taken off.
        let steady = excess_log_variance((0..8).map(|_| (400.0, 400.0))).unwrap();
        assert!(steady.0 < 0.0 && steady.1 == 8);
        assert_eq!(pooled_sd([Some(steady)]), 0.0);
        // Periods 30 % up and down: an sd of about 0.3 on the log scale.
        let swinging = (0..8).map(|k| (if k % 2 == 0 { 1350.0 } else { 740.0 }, 1000.0));
        let sd = pooled_sd([excess_log_variance(swinging)]);
        assert!((sd - 0.32).abs() < 0.02, "{sd}");
        // Too few periods expecting enough are not read.
        assert_eq!(excess_log_variance([(50.0, 60.0); 9]), None);
        assert_eq!(excess_log_variance([(500.0, 600.0); 2]), None);
        assert_eq!(pooled_sd([None, None]), 0.0);
    }
}
