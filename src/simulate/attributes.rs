//! A lead's attributes as segments and conditions read them.
//!
//! The engine reads a million leads per forecast and asks each for a few attributes, so a lead's
//! ten standard attributes live in one string with their end offsets (one allocation per lead,
//! instead of a map node and a string per attribute), and the user's own fields in a short vector
//! sorted by name.

use crate::model::expr::{Attribute, Expr};
use crate::model::node::NodeKind;
use crate::scenario::Scenario;

/// The standard attributes, in the order their values are kept.
const STANDARD: usize = 10;

/// Where a standard attribute's value is kept (`None` for a custom field).
fn position(attribute: &Attribute) -> Option<usize> {
    Some(match attribute {
        Attribute::Company => 0,
        Attribute::Department => 1,
        Attribute::Title => 2,
        Attribute::JobLevel => 3,
        Attribute::EmployeeBand => 4,
        Attribute::Industry => 5,
        Attribute::Prefecture => 6,
        Attribute::LeadStatus => 7,
        Attribute::LeadSource => 8,
        Attribute::EmailDomain => 9,
        Attribute::Custom(_) => return None,
    })
}

/// A lead's attribute values; an empty value is no value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadAttributes {
    /// The standard attributes' values, one after another.
    text: String,
    /// Where each standard attribute's value ends in `text`, by its position.
    ends: [u32; STANDARD],
    /// The lead's own fields with a value, sorted by name.
    custom: Vec<(String, String)>,
}

impl LeadAttributes {
    /// The value of `attribute`, if it has one.
    pub fn get(&self, attribute: &Attribute) -> Option<&str> {
        let value = match (position(attribute), attribute) {
            (Some(i), _) => {
                let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
                &self.text[start as usize..self.ends[i] as usize]
            }
            (None, Attribute::Custom(name)) => {
                let at = self
                    .custom
                    .binary_search_by(|(n, _)| n.as_str().cmp(name))
                    .ok()?;
                &self.custom[at].1
            }
            (None, _) => unreachable!("every standard attribute has a position"),
        };
        (!value.is_empty()).then_some(value)
    }

    /// Sets `attribute` to `value` (an empty value removes it).
    pub fn set(&mut self, attribute: Attribute, value: &str) {
        match (position(&attribute), attribute) {
            (Some(i), _) => {
                let start = i.checked_sub(1).map_or(0, |p| self.ends[p]) as usize;
                let end = self.ends[i] as usize;
                if start == end && end == self.text.len() {
                    // No value yet and none after it, as when a row is read in column order.
                    self.text.push_str(value);
                } else {
                    self.text.replace_range(start..end, value);
                }
                let grown = value.len() as i64 - (end - start) as i64;
                for e in &mut self.ends[i..] {
                    *e = u32::try_from(i64::from(*e) + grown)
                        .expect("a lead's attributes are far below 4 GiB");
                }
            }
            (None, Attribute::Custom(name)) => {
                match self.custom.binary_search_by(|(n, _)| n.cmp(&name)) {
                    Ok(at) if value.is_empty() => {
                        self.custom.remove(at);
                    }
                    Ok(at) => value.clone_into(&mut self.custom[at].1),
                    Err(_) if value.is_empty() => {}
                    Err(at) => self.custom.insert(at, (name, value.to_owned())),
                }
            }
            (None, _) => unreachable!("every standard attribute has a position"),
        }
    }
}

/// The attributes a read fills in: all of them, or only those that scenarios test (a forecast of
/// a whole workspace reads no column that no segment, goal, exit criterion or condition looks at).
#[derive(Debug, Clone, PartialEq)]
pub struct Wanted {
    standard: [bool; STANDARD],
    custom: bool,
}

impl Wanted {
    /// Every attribute.
    pub const ALL: Wanted = Wanted {
        standard: [true; STANDARD],
        custom: true,
    };

    /// The attributes that `scenarios` test.
    pub fn tested_by(scenarios: &[Scenario]) -> Wanted {
        let mut wanted = Wanted {
            standard: [false; STANDARD],
            custom: false,
        };
        for scenario in scenarios {
            let file = scenario.file();
            let settings = &file.settings;
            let conditions = file.nodes.iter().filter_map(|n| match &n.kind {
                NodeKind::Condition { condition } => Some(condition),
                _ => None,
            });
            let criteria = [&settings.segment, &settings.goal, &settings.exit_when];
            for expr in criteria.into_iter().flatten().chain(conditions) {
                expr.walk(&mut |e| {
                    if let Expr::Attribute { attribute, .. } = e {
                        match position(attribute) {
                            Some(i) => wanted.standard[i] = true,
                            None => wanted.custom = true,
                        }
                    }
                });
            }
        }
        wanted
    }

    /// Whether the read fills in `attribute`.
    pub fn wants(&self, attribute: &Attribute) -> bool {
        position(attribute).map_or(self.custom, |i| self.standard[i])
    }
}

impl<V: AsRef<str>> FromIterator<(Attribute, V)> for LeadAttributes {
    fn from_iter<I: IntoIterator<Item = (Attribute, V)>>(pairs: I) -> Self {
        let mut attributes = LeadAttributes::default();
        for (attribute, value) in pairs {
            attributes.set(attribute, value.as_ref());
        }
        attributes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_set_in_any_order_read_back_and_empty_ones_are_absent() {
        let mut a: LeadAttributes = [
            (Attribute::Industry, "製造業"),
            (Attribute::Company, "株式会社サンプル"),
            (Attribute::Custom("商談ランク".into()), "A"),
            (Attribute::EmailDomain, "example.co.jp"),
            (Attribute::Custom("関心製品".into()), "MA"),
        ]
        .into_iter()
        .collect();
        assert_eq!(a.get(&Attribute::Company), Some("株式会社サンプル"));
        assert_eq!(a.get(&Attribute::Industry), Some("製造業"));
        assert_eq!(a.get(&Attribute::EmailDomain), Some("example.co.jp"));
        assert_eq!(a.get(&Attribute::Title), None);
        assert_eq!(a.get(&Attribute::Custom("商談ランク".into())), Some("A"));
        assert_eq!(a.get(&Attribute::Custom("関心製品".into())), Some("MA"));
        assert_eq!(a.get(&Attribute::Custom("なし".into())), None);
        // Changing a value in the middle moves the ones after it.
        a.set(Attribute::Department, "マーケティング部");
        a.set(Attribute::Company, "サンプル");
        assert_eq!(a.get(&Attribute::Company), Some("サンプル"));
        assert_eq!(a.get(&Attribute::Department), Some("マーケティング部"));
        assert_eq!(a.get(&Attribute::Industry), Some("製造業"));
        a.set(Attribute::Department, "");
        a.set(Attribute::Custom("商談ランク".into()), "");
        assert_eq!(a.get(&Attribute::Department), None);
        assert_eq!(a.get(&Attribute::Industry), Some("製造業"));
        assert_eq!(a.get(&Attribute::Custom("商談ランク".into())), None);
        assert_eq!(a.get(&Attribute::Custom("関心製品".into())), Some("MA"));
    }

    proptest::proptest! {
        /// Whatever the order of the settings (appends at the end, changes in the middle,
        /// removals), every attribute reads back as the last value set, as a map would keep it.
        #[test]
        fn attributes_read_back_as_a_map_of_the_last_values_set(
            sets in proptest::collection::vec((0usize..12, "(|ア|ab|製造業)"), 0..30),
        ) {
            let attribute = |i: usize| match i {
                0 => Attribute::Company,
                1 => Attribute::Department,
                2 => Attribute::Title,
                3 => Attribute::JobLevel,
                4 => Attribute::EmployeeBand,
                5 => Attribute::Industry,
                6 => Attribute::Prefecture,
                7 => Attribute::LeadStatus,
                8 => Attribute::LeadSource,
                9 => Attribute::EmailDomain,
                10 => Attribute::Custom("x".into()),
                _ => Attribute::Custom("y".into()),
            };
            let mut attributes = LeadAttributes::default();
            let mut model = std::collections::BTreeMap::new();
            for (i, value) in &sets {
                attributes.set(attribute(*i), value);
                model.insert(*i, value.clone());
            }
            for i in 0..12 {
                let expected = model.get(&i).filter(|v| !v.is_empty()).map(String::as_str);
                proptest::prop_assert_eq!(attributes.get(&attribute(i)), expected);
            }
        }
    }
}
