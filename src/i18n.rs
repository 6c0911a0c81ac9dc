//! drs-tui's own words, English and Simplified Chinese side by side.
//!
//! Every user-facing string lives in the `catalog!` below: one key, its English text, its Chinese
//! text. A key without both texts does not compile, and a test checks that neither is empty and
//! that both take the same `{}` arguments. Keys are an enum rather than strings so that a typo is a
//! compile error, not a blank label on an operator's screen.
//!
//! The language is chosen once at start (`--language`, the profile's `language`, or a `LANG` /
//! `LC_ALL` / `LC_MESSAGES` that starts with `zh`) and kept in a process-wide setting, because the
//! CLI, the worker and the render path all print text and none of them should need it threaded
//! through. Tests that draw both languages in one process use [`scoped`], which overrides the
//! setting for the current thread only.

use std::cell::Cell;
use std::fmt::Display;
use std::sync::atomic::{AtomicBool, Ordering};

pub use crate::api::Language;

static CHINESE: AtomicBool = AtomicBool::new(false);

thread_local! {
    static OVERRIDE: Cell<Option<Language>> = const { Cell::new(None) };
}

/// Sets the language of drs-tui's own text for the whole process.
pub fn set_language(language: Language) {
    CHINESE.store(language == Language::ZhCn, Ordering::Relaxed);
}

/// The language drs-tui's own text is in.
pub fn language() -> Language {
    if let Some(l) = OVERRIDE.with(Cell::get) {
        return l;
    }
    if CHINESE.load(Ordering::Relaxed) {
        Language::ZhCn
    } else {
        Language::EnUs
    }
}

/// Runs `f` with `language` in force on this thread only (for tests that draw both languages).
pub fn scoped<T>(language: Language, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Language>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OVERRIDE.with(|o| o.set(self.0));
        }
    }
    let _restore = Restore(OVERRIDE.with(|o| o.replace(Some(language))));
    f()
}

/// The language the locale asks for: the first set of `LC_ALL`, `LC_MESSAGES`, `LANG` (POSIX
/// order) decides; `zh…` means Chinese, anything else English. `None` when none is set.
pub fn from_locale(getenv: impl Fn(&str) -> Option<String>) -> Option<Language> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| getenv(k))
        .find(|v| !v.is_empty())
        .map(|v| {
            if v.to_ascii_lowercase().starts_with("zh") {
                Language::ZhCn
            } else {
                Language::EnUs
            }
        })
}

macro_rules! catalog {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A user-facing text; [`T::get`] gives it in the current language.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum T { $($key),* }

        impl T {
            /// Every key, for the completeness test.
            pub const ALL: &'static [T] = &[$(T::$key),*];

            /// The text in `language`.
            pub fn text(self, language: Language) -> &'static str {
                match (self, language) {
                    $((T::$key, Language::EnUs) => $en, (T::$key, Language::ZhCn) => $zh,)*
                }
            }
        }
    };
}

impl T {
    /// The text in the current language.
    pub fn get(self) -> &'static str {
        self.text(language())
    }

    /// The text in the current language with each `{}` replaced by the next argument.
    pub fn fill(self, args: &[&dyn Display]) -> String {
        fill(self.get(), args)
    }
}

impl Display for T {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.get())
    }
}

/// Replaces each `{}` in `template` by the next of `args`, in order; extra `{}` stay as they are.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        match args.next() {
            Some(a) => {
                let _ = write!(out, "{a}");
            }
            None => out.push_str("{}"),
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

/// `tr!(Key)` is the text; `tr!(Key, a, b)` fills its `{}` with `a`, `b`.
#[macro_export]
macro_rules! tr {
    ($key:ident) => {
        $crate::i18n::T::$key.get()
    };
    ($key:ident, $($arg:expr),+ $(,)?) => {
        $crate::i18n::T::$key.fill(&[$(&$arg as &dyn ::std::fmt::Display),+])
    };
}

catalog! {
    // Footer key hints.
    HintMove => "move", "移动";
    HintFilter => "filter", "筛选";
    HintMark => "mark", "标记";
    HintDelete => "delete", "删除";
    HintStop => "stop", "停止";
    HintType => "type", "类型";
    HintSort => "sort", "排序";
    HintRefresh => "refresh", "刷新";
    HintRetryFailed => "retry failed", "重试失败项";
    HintDetail => "detail", "详情";
    HintHelp => "help", "帮助";
    HintQuit => "quit", "退出";
    HintTypeToFilter => "to filter", "输入以筛选";
    HintKeep => "keep", "保留";
    HintClear => "clear", "清除";
    HintUndoPending => "undo {} pending", "撤销 {} 个待发送";
    Throttled => "throttled, retrying in {} s", "请求被限流，{} 秒后重试";

    // Issue 11 (h11b): the command line, the job's story, children rows, several regions.
    CmdDidYouMean => "; did you mean {}?", "；是否要输入 {}？";
    CmdUnknownRegion => "unknown region {}{} (Tab completes; :region all lists every region)", "未知区域 {}{}（按 Tab 补全；:region all 列出所有区域）";
    CmdMissingArg => ":{} needs an argument: {}", ":{} 需要一个参数：{}";
    CmdOneArg => ":{} takes one argument: {}", ":{} 只接受一个参数：{}";
    CmdUnknownProfile => "unknown profile {} (profiles: {})", "未知配置 {}（已有配置：{}）";
    CmdBadProject => "not a project id or name: {} (letters, digits, - and _)", "不是项目 ID 或名称：{}（字母、数字、- 和 _）";
    CmdUnknownType => "unknown job type {} (all, migration, sync, cloudDataGuard, replay)", "未知任务类型 {}（all、migration、sync、cloudDataGuard、replay）";
    CmdNoArgs => ":{} takes no argument", ":{} 不接受参数";
    CmdUnknown => "unknown command :{} (commands: {}; Tab completes)", "未知命令 :{}（命令：{}；按 Tab 补全）";
    CmdSwitchBusy => "a switch is already under way", "正在切换，请稍候";
    CmdSwitching => "switching to {}…", "正在切换到 {}…";
    CmdSwitched => "now showing {}", "已切换到 {}";
    CmdSwitchFailed => "could not switch to {}: {} (nothing changed)", "无法切换到 {}：{}（未做任何更改）";
    CmdPrompt => "Tab completes · ↑↓ history · Enter runs · Esc closes", "Tab 补全 · ↑↓ 历史 · Enter 执行 · Esc 关闭";
    StoryNoJob => "no job selected", "未选中任务";
    StoryLogEnd => "the whole log is shown", "日志已全部显示";
    StoryMoreNeedsLog => "m fetches more of the log: press l first", "m 加载更多日志：请先按 l";
    StoryProgress => "progress (jobs show type=progress)", "进度（jobs show type=progress）";
    StoryLog => "log (jobs show type=log)", "日志（jobs show type=log）";
    StoryLoading => "loading…", "加载中…";
    StoryFailed => "failed: {} (press the key again to retry)", "失败：{}（再按一次该键重试）";
    StoryLogCount => "{} of {} entries", "第 {} 条，共 {} 条";
    StoryLogMore => "m: next page", "m：下一页";
    StoryLogNone => "no log entries", "没有日志";
    StoryBack => "p progress · l log · Esc back to the detail", "p 进度 · l 日志 · Esc 返回详情";
    NoChildren => "this job has no children to expand", "该任务没有可展开的子任务";
    RetryingProjects => "listing the {} failed project(s) again", "正在重新列出 {} 个失败的项目";
    HintCommand => "command", "命令";
    HintProgress => "progress", "进度";
    HintLog => "log", "日志";
    StripListing => "listing", "列出中";
    StripJobs => "{} jobs", "{} 个任务";
    StripFailed => "failed", "失败";
    StripRetry => "r retries the failed", "r 重试失败项";
    RegionsTitle => " Projects (:regions closes) ", " 项目（:regions 关闭） ";

    // Several regions (issue 11, --regions).
    ScopeListFailed => "listing jobs of {} failed: {}; the other projects are listed", "列出 {} 的任务失败：{}；其他项目照常列出";
    ScopeNotFound => "{}: not found in any project of --regions; nothing sent for it", "{}：在 --regions 的任何项目中都找不到该任务；未发送任何请求";
    ScopeAll => "all ({} projects)", "全部（{} 个项目）";
    ScopeSome => "{} ({} projects)", "{}（{} 个项目）";
    ScopeProfile => "profile {}", "配置 {}";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_english_and_chinese_with_the_same_arguments() {
        for key in T::ALL {
            let en = key.text(Language::EnUs);
            let zh = key.text(Language::ZhCn);
            assert!(!en.trim().is_empty(), "{key:?} has no English text");
            assert!(!zh.trim().is_empty(), "{key:?} has no Chinese text");
            assert_eq!(
                en.matches("{}").count(),
                zh.matches("{}").count(),
                "{key:?}: English and Chinese take different numbers of arguments"
            );
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{key:?}: the Chinese text {zh:?} has no Chinese in it"
            );
        }
    }

    #[test]
    fn fill_replaces_placeholders_in_order() {
        assert_eq!(fill("{} of {}", &[&1, &"2"]), "1 of 2");
        assert_eq!(fill("{} and {}", &[&1]), "1 and {}");
        assert_eq!(fill("none", &[&1]), "none");
    }

    #[test]
    fn scoped_language_applies_to_this_thread_and_is_restored() {
        let before = language();
        scoped(Language::ZhCn, || {
            assert_eq!(tr!(HintQuit), "退出");
            assert_eq!(tr!(HintUndoPending, 3), "撤销 3 个待发送");
        });
        assert_eq!(language(), before);
        scoped(Language::EnUs, || assert_eq!(tr!(HintQuit), "quit"));
    }

    #[test]
    fn locale_decides_only_when_set() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(from_locale(env(&[])), None);
        assert_eq!(
            from_locale(env(&[("LANG", "zh_CN.UTF-8")])),
            Some(Language::ZhCn)
        );
        assert_eq!(
            from_locale(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            Some(Language::EnUs)
        );
        assert_eq!(
            from_locale(env(&[("LC_ALL", ""), ("LANG", "zh_TW.UTF-8")])),
            Some(Language::ZhCn)
        );
    }
}
