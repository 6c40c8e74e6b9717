//! The partition table → `partitions()`, a `OnceLock` built from Rust data on first use.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::endpoints::{Partition, PartitionOverrides};

/// `partitions()`: the partition table, built on first use.
pub(super) fn partition_table(partitions: &[Partition]) -> TokenStream {
    let items = partitions.iter().map(|p| {
        let Partition {
            id,
            region_regex,
            regions,
            outputs: o,
        } = p;
        // Most regions override nothing: a list of names, then the overriding entries.
        let plain = regions
            .iter()
            .filter(|(_, o)| **o == PartitionOverrides::default())
            .map(|(name, _)| name);
        let overriding = regions
            .iter()
            .filter(|(_, o)| **o != PartitionOverrides::default())
            .map(|(name, o)| {
                let o = partition_overrides(o);
                quote!((#name.into(), #o))
            })
            .collect::<Vec<_>>();
        let plain =
            quote!([#(#plain),*].map(|region| (region.into(), ::std::default::Default::default())));
        let regions = if overriding.is_empty() {
            plain
        } else {
            quote!(#plain.into_iter().chain([#(#overriding),*]))
        };
        let (name, dns, dual, fips, dual_stack, global) = (
            &o.name,
            &o.dns_suffix,
            &o.dual_stack_dns_suffix,
            o.supports_fips,
            o.supports_dual_stack,
            &o.implicit_global_region,
        );
        quote! {
            ::smithy_rt::endpoint::aws::Partition {
                id: #id.into(),
                region_regex: #region_regex.into(),
                regions: ::std::iter::FromIterator::from_iter(#regions),
                outputs: ::smithy_rt::endpoint::aws::PartitionOutputs {
                    name: #name.into(),
                    dns_suffix: #dns.into(),
                    dual_stack_dns_suffix: #dual.into(),
                    supports_fips: #fips,
                    supports_dual_stack: #dual_stack,
                    implicit_global_region: #global.into(),
                },
            }
        }
    });
    quote! {
        #[doc = " The partition table `aws.partition` reads (from `partitions.json`), built on first use."]
        fn partitions() -> &'static ::smithy_rt::endpoint::aws::Partitions {
            static PARTITIONS: ::std::sync::OnceLock<::smithy_rt::endpoint::aws::Partitions> =
                ::std::sync::OnceLock::new();
            PARTITIONS.get_or_init(|| {
                ::smithy_rt::endpoint::aws::Partitions::new(::std::vec::Vec::from([#(#items),*]))
            })
        }
    }
}

fn partition_overrides(o: &PartitionOverrides) -> TokenStream {
    let strings = [
        ("name", &o.name),
        ("dns_suffix", &o.dns_suffix),
        ("dual_stack_dns_suffix", &o.dual_stack_dns_suffix),
        ("implicit_global_region", &o.implicit_global_region),
    ];
    let bools = [
        ("supports_fips", o.supports_fips),
        ("supports_dual_stack", o.supports_dual_stack),
    ];
    let mut fields: Vec<TokenStream> = strings
        .iter()
        .filter_map(|(f, v)| {
            let f = format_ident!("{}", f);
            let v = v.as_deref()?;
            Some(quote!(#f: ::std::option::Option::Some(#v.into())))
        })
        .collect();
    fields.extend(bools.iter().filter_map(|(f, v)| {
        let f = format_ident!("{}", f);
        let v = (*v)?;
        Some(quote!(#f: ::std::option::Option::Some(#v)))
    }));
    if fields.is_empty() {
        return quote!(::std::default::Default::default());
    }
    let rest = (fields.len() < strings.len() + bools.len())
        .then(|| quote!(..::std::default::Default::default()));
    quote!(::smithy_rt::endpoint::aws::PartitionOverrides { #(#fields,)* #rest })
}
