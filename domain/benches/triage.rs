//! Triage throughput: decisions per second for typical fact sets, and the keyword suggestion.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use domain::responsibility::{Facts, Layer, ResponsibilityModel, TenantsAffected, suggest, triage};
use std::hint::black_box;

const MODEL: &str = include_str!("../../model/shared-responsibility.toml");

fn facts(
    area: Option<&str>,
    layer: Option<Layer>,
    scope: Option<TenantsAffected>,
    flags: &[&str],
) -> Facts {
    Facts {
        area: area.map(str::to_owned),
        layer,
        tenants_affected: scope,
        flags: flags.iter().map(|f| (*f).to_owned()).collect(),
    }
}

fn bench(c: &mut Criterion) {
    let Ok(model) = ResponsibilityModel::from_toml(MODEL) else {
        panic!("the shipped model is invalid");
    };
    let cases = [
        facts(
            Some("privileged-access"),
            Some(Layer::Tenant),
            Some(TenantsAffected::One),
            &["tenant-mfa", "tenant-privileged-access"],
        ),
        facts(
            Some("infrastructure"),
            Some(Layer::Platform),
            Some(TenantsAffected::All),
            &["platform-availability"],
        ),
        facts(
            Some("privileged-access"),
            Some(Layer::Tenant),
            Some(TenantsAffected::Several),
            &["privileged-platform-access", "tenant-mfa"],
        ),
        facts(None, None, None, &[]),
    ];
    let mut group = c.benchmark_group("triage");
    group.throughput(Throughput::Elements(cases.len() as u64));
    group.bench_function("four typical fact sets", |b| {
        b.iter(|| {
            for f in &cases {
                black_box(triage(&model, black_box(f)));
            }
        })
    });
    group.finish();
    let text = "Tenant admin account without MFA\nAn Acme Bank tenant admin signs in with a password only; \
                MFA was never enrolled and the SAML integration is bypassed.";
    c.bench_function("suggest from a title and description", |b| {
        b.iter(|| black_box(suggest(&model, black_box(text))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
