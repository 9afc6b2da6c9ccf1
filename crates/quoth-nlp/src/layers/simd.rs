//! Run-time CPU feature checks for the hot numeric code.
//!
//! The crate is compiled for the baseline target so one binary runs on any x86-64 CPU. The
//! few functions that dominate inference (the window encoder's element-wise passes, the
//! parser's per-state scoring) are compiled a second time with AVX-512 or AVX2 enabled and
//! picked per call from these checks, which read a value `std` caches after the first call.
//! Enabling the features changes no result: Rust never contracts `a * b + c` into a fused
//! multiply-add on its own, and the compiler may not reorder float additions, so the wider
//! code does the same operations in the same order.

/// Whether the AVX-512 (F, BW, DQ, VL) build of a function may run on this CPU.
#[inline]
pub(crate) fn has_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512dq")
            && std::arch::is_x86_feature_detected!("avx512vl")
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether the AVX2 build of a function may run on this CPU.
#[inline]
pub(crate) fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Define a method of `$ty` (taking `&self` or `&mut self`) that runs `$imp` (an
/// `#[inline(always)]` method with the same arguments) compiled for AVX-512, for AVX2, or for
/// the baseline, whichever this CPU runs.
macro_rules! multiversion {
    (@emit [$($recv:tt)+] [$this:ty] $s:ident; $(#[$meta:meta])* $vis:vis fn $name:ident
        ($($arg:ident : $aty:ty),*) $(-> $ret:ty)? => $imp:ident) => {
        $(#[$meta])*
        $vis fn $name($($recv)+ $(, $arg: $aty)*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")]
                fn v4(this: $this $(, $arg: $aty)*) $(-> $ret)? {
                    this.$imp($($arg),*)
                }
                #[target_feature(enable = "avx2,fma")]
                fn v3(this: $this $(, $arg: $aty)*) $(-> $ret)? {
                    this.$imp($($arg),*)
                }
                if $crate::layers::simd::has_avx512() {
                    // SAFETY: the CPU supports every feature `v4` is compiled with (checked
                    // just above); `v4` itself is safe code.
                    return unsafe { v4($s $(, $arg)*) };
                }
                if $crate::layers::simd::has_avx2() {
                    // SAFETY: as above, for `v3`'s features.
                    return unsafe { v3($s $(, $arg)*) };
                }
            }
            $s.$imp($($arg),*)
        }
    };
    ($ty:ty; $(#[$meta:meta])* $vis:vis fn $name:ident(&mut $s:ident $(, $arg:ident : $aty:ty)* $(,)?)
        $(-> $ret:ty)? => $imp:ident) => {
        multiversion!(@emit [&mut $s] [&mut $ty] $s; $(#[$meta])* $vis fn $name($($arg: $aty),*)
            $(-> $ret)? => $imp);
    };
    ($ty:ty; $(#[$meta:meta])* $vis:vis fn $name:ident(&$s:ident $(, $arg:ident : $aty:ty)* $(,)?)
        $(-> $ret:ty)? => $imp:ident) => {
        multiversion!(@emit [&$s] [&$ty] $s; $(#[$meta])* $vis fn $name($($arg: $aty),*)
            $(-> $ret)? => $imp);
    };
}
pub(crate) use multiversion;
