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

    // TUI header (src/ui/header.rs).
    HdrProfile => "profile", "配置项";
    HdrCustomEndpoint => "custom endpoint", "自定义终端节点";
    HdrRegion => "region", "区域";
    HdrProject => "project", "项目";
    HdrType => "type:", "类型：";
    HdrAll => "all", "全部";
    HdrLoading => "loading", "加载中";
    HdrStale => "(stale)", "（已过期）";
    HdrJobs => "jobs", "任务";
    HdrFilter => "filter:", "筛选：";
    HdrListingFailed => "listing failed", "列表加载失败";
    BadgeDemo => "[DEMO]", "[演示]";
    BadgeReadOnly => "[READ-ONLY]", "[只读]";
    BadgeNoAudit => "[READ-ONLY: no audit log]", "[只读：无审计日志]";
    BadgeProtected => "[PROTECTED]", "[受保护]";

    // TUI job table (src/ui/table.rs) and sort columns (src/app/jobs.rs).
    ColName => "NAME", "名称";
    ColStatus => "STATUS", "状态";
    ColEngine => "ENGINE", "引擎";
    ColType => "TYPE", "类型";
    ColCreated => "CREATED", "创建时间";
    SortName => "name", "名称";
    SortStatus => "status", "状态";
    SortEngine => "engine", "引擎";
    SortType => "type", "类型";
    SortCreated => "created", "创建时间";
    TableTitle => " Jobs  sort: {}{}{} ", " 任务  排序：{}{}{} ";
    TableDesc => " desc", " 降序";
    TableStale => "  STALE", "  已过期";
    TableLoading => "loading jobs…", "正在加载任务…";
    TableNoMatch => "no job matches the filter (Esc clears it)", "没有符合筛选条件的任务（Esc 清除筛选）";
    TableEmpty => "no jobs (r refreshes, t changes the job type)", "没有任务（r 刷新，t 切换任务类型）";
    PhaseCancelling => "cancelling", "取消中";
    PhaseQueued => "queued", "排队中";
    PhaseDeleting => "deleting", "删除中";
    PhaseStopping => "stopping", "停止中";
    PhaseWaitStop => "wait stop", "等待停止";
    PhaseDeleted => "deleted", "已删除";
    PhaseStopped => "stopped", "已停止";
    PhaseFailed => "failed", "失败";
    PhaseUnknown => "unknown", "未知";

    // Short labels for DRS statuses (src/ui/status.rs); the status words themselves stay.
    StCreating => "creating", "创建中";
    StCreateFailed => "create failed", "创建失败";
    StConfiguring => "configuring", "配置中";
    StStarting => "starting", "启动中";
    StWaitingStart => "waiting start", "等待启动";
    StStartFailed => "start failed", "启动失败";
    StFullRunning => "full running", "全量迁移中";
    StFullFailed => "full failed", "全量失败";
    StFullDone => "full done", "全量完成";
    StIncrRunning => "incr. running", "增量同步中";
    StIncrFailed => "incr. failed", "增量失败";
    StStopping => "stopping", "停止中";
    StStopFailed => "stop failed", "停止失败";
    StStopped => "stopped", "已停止";
    StChanging => "changing", "变更中";
    StChangeFailed => "change failed", "变更失败";
    StChildStarting => "child starting", "子任务启动中";
    StChildRunning => "child running", "子任务运行中";
    StChildDone => "child done", "子任务完成";
    StChildFailed => "child failed", "子任务失败";
    StChildStopping => "child stopping", "子任务停止中";
    StChildStopped => "child stopped", "子任务已停止";
    StPausing => "pausing", "暂停中";
    StRebuilding => "rebuilding", "重建中";
    StRebuildFailed => "rebuild failed", "重建失败";
    StDeleted => "deleted", "已删除";
    StUpgrading => "upgrading", "升级中";
    StUpgraded => "upgraded", "已升级";
    StUpgradeFailed => "upgrade failed", "升级失败";
    KindRunning => "running", "运行中";
    KindStopped => "stopped", "已停止";
    KindFailed => "failed", "失败";
    KindTransition => "in transition", "状态变化中";
    KindUnknown => "unknown status", "未知状态";

    // TUI detail pane (src/ui/detail.rs).
    DetId => "id", "任务ID";
    DetName => "name", "名称";
    DetStatus => "status", "状态";
    DetEngine => "engine", "引擎";
    DetJobType => "job type", "任务类型";
    DetTaskType => "task type", "迁移类型";
    DetCreated => "created", "创建时间";
    DetDirection => "direction", "迁移方向";
    DetNetwork => "network", "网络类型";
    DetMode => "mode", "模式";
    DetModeRole => "mode role", "模式角色";
    DetNodeRole => "node role", "节点角色";
    DetCharging => "charging", "计费模式";
    DetBilling => "billing", "计费标签";
    DetMultiAz => "multi-AZ", "跨可用区";
    DetNewFrame => "new frame", "新框架";
    DetEnterprise => "enterprise", "企业项目";
    DetDescription => "description", "描述";
    DetCurrent => "current", "当前操作";
    DetCan => "can", "可执行";
    DetCannot => "cannot", "不可执行";
    DetChildren => "children", "子任务";
    DetYes => "yes", "是";
    DetNo => "no", "否";
    DetResting => "detail: waiting for the selection to rest", "详情：等待选择停止移动";
    DetLoading => "loading detail…", "正在加载详情…";
    DetFailed => "detail failed: {}", "详情加载失败：{}";
    DetHeading => "detail (jobs show)", "详情（jobs show）";
    DetTitle => " Detail ", " 详情 ";
    DetTitleOf => " Detail: {} ", " 详情：{} ";
    DetNoJob => "no job selected", "未选择任务";
    DetRequest => "request", "请求";
    DetLastError => "last error", "最近错误";

    // TUI confirmation and quit modals (src/ui/modal.rs, src/app/confirm.rs).
    ModCancelCompact => " Cancel n ", " 取消 n ";
    ModCancel => " Cancel (n/Esc) ", " 取消 (n/Esc) ";
    ModNothingTo => " Nothing to {} ", " 没有可{}的任务 ";
    ModConfirmCompact => " {} {} y ", " {} {} 个 y ";
    ModConfirm => " {} {} (y) ", " {} {} 个 (y) ";
    ModOneAtATime => "one at a time", "逐个发送";
    ModAtMost => "at most {} at a time", "最多同时 {} 个";
    ModForOne => "for 1 job", "针对 1 个任务";
    ModForEach => "for each of {} jobs", "针对 {} 个任务中的每一个";
    ModWill => "Will {}:", "将{}：";
    ModWas => "was: {}", "原状态：{}";
    ModHidden => "Marked but hidden by the filter \"{}\" (will {} too):", "已标记但被筛选条件“{}”隐藏（同样会{}）：";
    ModStopThenDelete => "Will be stopped, then deleted:", "将先停止，再删除：";
    ModCannotNow => "Cannot {} now (skipped):", "当前无法{}（已跳过）：";
    ModStopFirst => "[s] stop the running ones first, wait until stopped, then delete: {}", "[s] 先停止运行中的任务，等待停止完成后再删除：{}";
    ModOn => "on", "开";
    ModOff => "off", "关";
    ModNothingCan => "Nothing can be {} now.", "当前没有可{}的任务。";
    ModTheName => "the job's name", "任务名称";
    ModTheNumber => "the number of jobs", "任务数量";
    ModTypeToConfirm => "Type {} ({}) to confirm: ", "输入{}（{}）以确认：";
    ModScroll => "  lines {}-{} of {} · ↑↓ PgUp/PgDn scroll", "  第 {}-{} 行，共 {} 行 · ↑↓ PgUp/PgDn 滚动";
    ModTitleOne => " {}{} {} job? ", " {}{} {} 个任务？ ";
    ModTitleMany => " {}{} {} jobs? ", " {}{} {} 个任务？ ";
    ReqDelete => "Sends DELETE /v5/{project_id}/jobs/{job_id} {}, {}.", "发送 DELETE /v5/{project_id}/jobs/{job_id}（{}），{}。";
    ReqStopThenDelete => "Sends POST /v5/{project_id}/jobs/{job_id}/stop {}, waits until each is stopped, then DELETE /v5/{project_id}/jobs/{job_id} {} ({}, {}), {}.", "发送 POST /v5/{project_id}/jobs/{job_id}/stop（{}），等待每个任务停止后，再发送 DELETE /v5/{project_id}/jobs/{job_id}（{}）（{}，{}），{}。";
    ReqForcedStop => "FORCED stop: sends POST /v5/{project_id}/jobs/{job_id}/stop with {\"is_force_stop\": true} {}, {}.", "强制停止：发送带 {\"is_force_stop\": true} 的 POST /v5/{project_id}/jobs/{job_id}/stop（{}），{}。";
    ReqStop => "Sends POST /v5/{project_id}/jobs/{job_id}/stop {}, {}.", "发送 POST /v5/{project_id}/jobs/{job_id}/stop（{}），{}。";
    ReqForEachOne => "for each", "逐个发送";
    ReqForThose => "for those and the other {}", "针对这些任务及其余 {} 个任务";
    ReqOneStop => "{} stop", "{} 个停止请求";
    ReqManyStops => "{} stops", "{} 个停止请求";
    ReqOneDelete => "{} delete", "{} 个删除请求";
    ReqManyDeletes => "{} deletes", "{} 个删除请求";
    ModRetry => "Retry: ", "重试：";
    ModInFlight => "{} request(s) still in flight.", "还有 {} 个请求正在处理中。";
    ModQuitStops => "Quitting waits for their answers, then quits.", "退出将先等待它们的应答，然后退出。";
    ModQuitAnyway => " quit    ", " 退出    ";
    ModStay => " stay", " 留下";
    ModQuitTitle => " Quit? ", " 退出？ ";
    ActDelete => "Delete", "删除";
    ActStop => "Stop", "停止";
    ActForceStop => "Force-stop", "强制停止";
    ActDeleteLower => "delete", "删除";
    ActStopLower => "stop", "停止";
    ActForceStopLower => "force-stop", "强制停止";
    DoneDeleted => "deleted", "删除";
    DoneStopped => "stopped", "停止";
    DoneForceStopped => "force-stopped", "强制停止";
    ModSummary => "{} will be {}", "{} 个任务将被{}";
    ModStoppedFirst => " ({} stopped first)", "（其中 {} 个先停止）";
    ModSkipped => ", {} skipped", "，跳过 {} 个";
    ModHiddenCount => ", {} hidden by the filter", "，{} 个被筛选条件隐藏";
    WhyWaitingStart => "waiting to start", "等待启动";
    WhyFullDone => "full transfer done but still running", "全量迁移已完成但仍在运行";
    WhyChildDone => "child transfer done but still running", "子任务迁移已完成但仍在运行";
    WhyRunning => "running", "运行中";
    WhyFailed => "failed", "失败";
    WhyTransition => "in transition", "状态变化中";
    WhyStopped => "stopped", "已停止";
    WhyUnknown => "in a status drs-tui does not know", "处于 drs-tui 未知的状态";
    WhyStopFirst => "{}: stop it first", "{}：请先停止";
    WhySettle => "{}: wait until it settles (r re-reads)", "{}：请等待状态稳定（r 重新读取）";
    WhyNoDelete => "{}: the service does not offer DELETE now", "{}：服务当前不允许删除";
    WhyAlreadyStopped => "already stopped", "已经停止";
    WhyNoStop => "{}: the service does not offer a stop now", "{}：服务当前不允许停止";

    // TUI outcomes pane and record (src/ui/outcomes.rs, src/ui/record.rs).
    OcWaiting => "{} waiting to send (u undoes)", "{} 个等待发送（u 撤销）";
    OcFinished => "finished", "已完成";
    OcDeleting => "deleting", "删除中";
    OcStopping => "stopping", "停止中";
    OcTitle => " Outcomes ", " 操作结果 ";
    OcTitleFailures => " Outcomes: failures only, {} of {}", " 操作结果：仅失败项，{} / {}";
    OcTitleTotal => " Outcomes {}", " 操作结果 {}";
    OcFailedCount => " · {} failed", " · {} 个失败";
    OcUnknownCount => " · {} unknown", " · {} 个未知";
    OcSelected => " · {}/{} · Enter opens · f failures", " · {}/{} · Enter 打开 · f 仅失败项";
    OcTabHere => " · Tab here to read all", " · Tab 切换到此处查看全部";
    OcNone => "no requests yet: outcomes of deletes and stops appear here, newest first", "尚无请求：删除和停止的结果将显示在此处，最新的在前";
    OcNoFailures => "no failures among the outcomes (f shows all)", "结果中没有失败项（f 显示全部）";
    RecSucceeded => "succeeded", "成功";
    RecConfirmed => "succeeded: the answer was lost, a re-read confirmed it", "成功：应答丢失，重新查询已确认";
    RecAlreadyGone => "already gone: the job no longer exists", "已不存在：任务已被删除";
    RecUnknown => "unknown: the answer was lost and the job is still there (R retries)", "未知：应答丢失且任务仍存在（R 重试）";
    RecFailed => "failed", "失败";
    RecCancelled => "cancelled before it was sent", "发送前已取消";
    RecForceStop => "FORCE-STOP (stop with is_force_stop: true)", "FORCE-STOP（强制停止，is_force_stop: true）";
    RecJob => "job", "任务";
    RecId => "id", "任务ID";
    RecAction => "action", "操作";
    RecOutcome => "outcome", "结果";
    RecSummary => "summary", "摘要";
    RecHttpStatus => "HTTP status", "HTTP 状态码";
    RecError => "error", "错误";
    RecRequestId => "request id", "请求 ID";
    RecAttempts => "attempts", "尝试次数";
    RecDuration => "duration", "耗时";
    RecSettledBy => "settled by", "确认方式";
    RecTime => "time", "时间";
    RecTitle => " Outcome {} of {}: {} {} ", " 结果 {} / {}：{} {} ";
    RecRawTitle => " Raw JSON: {} ", " 原始 JSON：{} ";
    RecScrollHint => " ↑↓ PgUp/PgDn scroll · Esc closes ", " ↑↓ PgUp/PgDn 滚动 · Esc 关闭 ";

    // TUI help (src/ui/help.rs).
    HelpMove => "move; PgUp/PgDn a page; g/G Home/End first/last", "移动；PgUp/PgDn 翻页；g/G Home/End 首行/末行";
    HelpHalfPage => "half a page down/up; Ctrl-F/B a page down/up", "向下/向上半页；Ctrl-F/B 向下/向上一页";
    HelpFocus => "focus: list → detail → outcomes (each scrolls with these keys; Shift-Tab back)", "焦点：列表 → 详情 → 操作结果（均可用上述按键滚动；Shift-Tab 返回）";
    HelpOutcomesEnter => "in outcomes: open the full record / failures only", "在操作结果中：打开完整记录 / 仅看失败项";
    HelpZoom => "zoom the focused pane to the whole screen", "将当前窗格放大至全屏";
    HelpCopy => "copy the job's id / the job as JSON (OSC 52)", "复制任务 ID / 任务 JSON（OSC 52）";
    HelpRaw => "the job's raw JSON: as listed, plus its detail", "任务的原始 JSON：列表中的内容及其详情";
    HelpFilter => "live filter on name, id, status, engine; Enter keeps, Esc clears", "按名称、ID、状态、引擎实时筛选；Enter 保留，Esc 清除";
    HelpSort => "cycle the sort column / reverse it (▲/▼ marks the sorted column)", "切换排序列 / 反转顺序（▲/▼ 标示排序列）";
    HelpType => "cycle the job type: all, migration, sync, cloudDataGuard, replay (marks stay)", "切换任务类型：全部、迁移、同步、灾备、回放（标记保留）";
    HelpRefresh => "refresh now (selection and marks are kept)", "立即刷新（保留选择和标记）";
    HelpMark => "mark or unmark the selected job", "标记或取消标记所选任务";
    HelpMarkAll => "mark every shown job / clear all marks", "标记所有显示的任务 / 清除全部标记";
    HelpDelete => "ask to delete the marked jobs, or the selected one", "请求删除已标记的任务（或所选任务）";
    HelpModalScroll => "PgUp/PgDn, Home/End too: scroll the modal's job list", "PgUp/PgDn、Home/End 亦可：滚动对话框中的任务列表";
    HelpStop => "ask to stop / force-stop the marked jobs, or the selected one", "请求停止 / 强制停止已标记的任务（或所选任务）";
    HelpConfirm => "in a confirmation: confirm (only once it is shown whole); typed: Enter submits", "在确认对话框中：确认（仅在其完整显示后）；需输入时：Enter 提交";
    HelpCancel => "in a confirmation: cancel, nothing is sent", "在确认对话框中：取消，不发送任何请求";
    HelpUndo => "undo: cancel the confirmed requests not sent yet", "撤销：取消已确认但尚未发送的请求";
    HelpEscBulk => "during a bulk operation: cancel what is not sent yet", "批量操作期间：取消尚未发送的请求";
    HelpRetry => "ask to retry the jobs whose last request failed or is unknown", "请求重试上次请求失败或结果未知的任务";
    HelpMouse => "click selects a row or a modal button, the wheel scrolls", "单击选择行或对话框按钮，滚轮滚动";
    HelpMouseKey => "mouse", "鼠标";
    HelpQuit => "quit (cancels unsent requests; waits for those in flight)", "退出（取消未发送的请求；等待处理中的请求）";
    HelpSettle => "settle unsettled writes of an earlier run (re-reads each job)", "确认之前运行中结果未确认的写操作（逐个重新查询任务）";
    HelpHelp => "this help: ↑/↓ PgUp/PgDn scroll it, any other key closes it", "本帮助：↑/↓ PgUp/PgDn 滚动，按其他任意键关闭";
    HelpReadOnly => " read-only: delete, stop and retry are disabled", " 只读：删除、停止和重试已禁用";
    HelpTitle => " Keys ", " 按键 ";
    HelpLines => " lines {}-{} of {}: ↑/↓ PgUp/PgDn scroll · any other key closes", " 第 {}-{} 行，共 {} 行：↑/↓ PgUp/PgDn 滚动 · 按其他任意键关闭";
    HelpAnyKey => " press any key to close", " 按任意键关闭";

    // TUI status line and failure states (src/app/, src/ui/failure.rs, src/ui/mod.rs).
    TooSmall => "terminal too small: {}x{} (need {}x{})", "终端窗口太小：{}x{}（至少需要 {}x{}）";
    FailListing => "listing failed: {}", "列表加载失败：{}";
    FailRefreshTitle => " Refresh failed: rows above are stale ", " 刷新失败：上方数据已过期 ";
    MsgCredentialsRefused => "not refreshed: the credentials were refused and drs-tui sends nothing more this session; fix them and restart", "未刷新：凭证被拒绝，本次会话 drs-tui 不再发送任何请求；请修正凭证后重新启动";
    MsgRefreshRunning => "a refresh is already running", "刷新已在进行中";
    MsgNothingToUndo => "nothing to undo: no confirmed request is waiting to be sent", "无可撤销：没有等待发送的已确认请求";
    MsgWritesDisabled => "writes disabled: {}", "写操作已禁用：{}";
    MsgReadOnly => "read-only: {} is disabled for this profile", "只读：此配置项已禁用{}";
    MsgNothingToActOn => "nothing to act on: select or mark jobs (requests in flight are skipped)", "没有可操作的任务：请选择或标记任务（处理中的请求会被跳过）";
    MsgNoRetry => "no failed requests to retry", "没有可重试的失败请求";
    MsgCancelled => "cancelled: nothing sent", "已取消：未发送任何请求";
    MsgTypeExactly => "type {} exactly to confirm (typed \"{}\"), or Esc to cancel", "请准确输入 {} 以确认（已输入“{}”），或按 Esc 取消";
    MsgNotWhole => "not confirmed: the whole confirmation was not on screen yet (enlarge the terminal if it is cut, then confirm again)", "未确认：确认对话框尚未完整显示（如被截断请放大终端，然后再次确认）";
    MsgDeleteIn => "{} delete will be sent in {} s: {}", "{} 个删除请求将在 {} 秒后发送：{}";
    MsgDeletesIn => "{} deletes will be sent in {} s: {}", "{} 个删除请求将在 {} 秒后发送：{}";
    UndoHint => "u to undo", "按 u 撤销";
    ReqOneRequest => "{} request", "{} 个请求";
    ReqManyRequests => "{} requests", "{} 个请求";
    OpRetried429 => "{} (retried after 429 ×{})", "{}（因 429 限流重试 ×{}）";
    OpRetriedAttempts => "{} (retried: {} attempts)", "{}（已重试：共 {} 次尝试）";
    OpAlreadyGone => "already gone: {}", "已不存在：{}";
    OpUnknownHint => "{} (R retries; a missing job then reads already deleted)", "{}（R 重试；若任务已不存在则视为已删除）";
    MsgCancelledSent => "cancelled {} not yet sent; already sent: {} (their outcomes will still appear)", "已取消 {} 个尚未发送的请求；已发送：{}（其结果仍会显示）";
    MsgNoOutcome => "no outcome to open yet", "尚无可打开的结果";
    MsgOutcomesFailures => "outcomes: failures only (f shows all)", "操作结果：仅失败项（f 显示全部）";
    MsgOutcomesAll => "outcomes: all", "操作结果：全部";
    MsgNothingToCopy => "nothing to copy: no job selected", "无可复制内容：未选择任务";
    MsgNoLongerListed => "nothing to copy: the job is no longer listed", "无可复制内容：任务已不在列表中";
    MsgCopiedId => "copied the job id {} to the clipboard (OSC 52)", "已将任务 ID {} 复制到剪贴板（OSC 52）";
    MsgCopiedJson => "copied job {} as JSON ({} bytes) to the clipboard (OSC 52)", "已将任务 {} 以 JSON（{} 字节）复制到剪贴板（OSC 52）";
    RawNoLonger => "the job is no longer listed", "任务已不在列表中";
    RawAsListed => "job, as listed:", "任务（列表中的内容）：";
    RawAsFetched => "detail, as fetched:", "详情（查询所得）：";
    RawLoading => "detail: loading…", "详情：加载中…";
    AttRetried => "{} failed (5xx or connection) and retried", "{} 次失败（5xx 或连接问题）后重试";
    AttNoAnswer => "no answer", "无应答";
    AttThen => "{}: {}, then {}", "{}：{}，最终 {}";
    LfEndpoint => "the endpoint", "终端节点";
    LfRegionAndEndpoint => "the region ({}) and the endpoint", "区域（{}）和终端节点";
    LfCannotReach => "cannot reach the DRS endpoint {}", "无法访问 DRS 终端节点 {}";
    LfCheckNetwork => "check {}, and the network or proxy; r retries", "请检查{}，以及网络或代理；r 重试";
    LfTimeout => "the DRS endpoint {} did not answer in time", "DRS 终端节点 {} 未及时应答";
    LfCheckNetworkThen => "check the network or proxy and {}; r retries", "请检查网络或代理，以及{}；r 重试";
    LfConnection => "the connection to {} failed", "与 {} 的连接失败";
    LfCheckEndpoint => "check the endpoint ({}) and the network; r retries", "请检查终端节点（{}）和网络；r 重试";
    LfRequestId => "request id {}", "请求 ID {}";
    LfRefused => "the credentials were refused (401 APIGW.0301)", "凭证被拒绝（401 APIGW.0301）";
    LfRefusedHint => "check the AK/SK or token of this profile and restart: drs-tui sends nothing more this session (the service locks an AK after 5 failures)", "请检查此配置项的 AK/SK 或 Token 后重新启动：本次会话 drs-tui 不再发送任何请求（同一 AK 连续失败 5 次后会被服务锁定）";
    LfNotAuthenticated => "not authenticated (401)", "未通过认证（401）";
    LfCheckCredentials => "check the credentials of this profile; r retries", "请检查此配置项的凭证；r 重试";
    LfDenied => "access denied (403)", "拒绝访问（403）";
    LfDeniedHint => "the credentials lack DRS permissions in project {}: ask for them, then r retries", "凭证在项目 {} 中缺少 DRS 权限：请申请权限后按 r 重试";
    LfServiceFailed => "the service failed ({}) after retries", "重试后服务仍然失败（{}）";
    LfServiceFailedHint => "r retries; if it persists, give the request id to support", "r 重试；如问题持续，请将请求 ID 提供给技术支持";
    LfServiceRefused => "the service refused the listing ({})", "服务拒绝了列表请求（{}）";
    LfCheckProject => "check the project id and {}; r retries", "请检查项目 ID 和{}；r 重试";
    LfIam => "could not sign in to IAM", "无法登录 IAM";
    LfIamHint => "check the user, password and domain of this profile; r retries", "请检查此配置项的用户名、密码和账号名；r 重试";
    LfFailed => "the listing failed", "列表加载失败";
    LfRetries => "r retries", "r 重试";
    WorkerWritesDisabled => "not sent: writes are disabled ({})", "未发送：写操作已禁用（{}）";
    WorkerStopTimeout => "the job did not reach RELEASE_RESOURCE_COMPLETE within {} s; not deleted (refresh, then try again)", "任务未在 {} 秒内到达 RELEASE_RESOURCE_COMPLETE；未删除（请刷新后重试）";
    SigReceived => "{} received", "收到 {}";
    RecoUnrecorded => "{} outcome(s) could NOT be written to the audit log (disk full?): they are printed on stderr at exit", "{} 个结果无法写入审计日志（磁盘已满？）：退出时将输出到标准错误";
    RecoUnsettled => "{} write(s) of an earlier run are unsettled (no outcome recorded): U re-reads those jobs and records what happened", "之前运行中有 {} 个写操作结果未确认（未记录结果）：按 U 重新查询这些任务并记录结果";
    RecoDamaged => "the audit log has {} damaged line(s) (drs-tui audit names them)", "审计日志中有 {} 行已损坏（drs-tui audit 会列出它们）";
    RecoNone => "no unsettled writes of earlier runs", "之前的运行中没有结果未确认的写操作";
    RecoSettling => "settling {} unsettled write(s): re-reading the jobs…", "正在确认 {} 个写操作：重新查询任务…";
    RecoSettled => "settled {} write(s) of earlier runs by re-reading them (see the outcome lines)", "已通过重新查询确认之前运行中的 {} 个写操作（见操作结果）";
    RecoUntold => "; {} could not be told (U tries again)", "；{} 个无法确认（按 U 再试）";
    RecoElsewhere => "; {} were sent to another endpoint or project: drs-tui audit --settle with that profile", "；{} 个发往其他终端节点或项目：请用对应配置项运行 drs-tui audit --settle";
    RecoFailed => "settling failed: {}", "确认失败：{}";
    RecInterrupted => "unknown: sent, but drs-tui stopped waiting for the answer (drs-tui audit --settle re-reads it)", "未知：已发送，但 drs-tui 已停止等待应答（可用 drs-tui audit --settle 重新查询）";
    ShutWaitingUpTo => "Waiting up to {} s for their answers;", "最多等待 {} 秒以接收它们的应答；";
    ShutWaiting => "Waiting for their answers;", "正在等待它们的应答；";
    ShutQuitting => "Quitting ({}).", "正在退出（{}）。";
    ShutThen => "then unanswered ones are recorded interrupted", "之后仍未应答的请求将记录为已中断";
    ShutSettle => "(drs-tui audit --settle re-reads them).", "（可用 drs-tui audit --settle 重新查询）。";
    ShutTitle => " Quitting ", " 正在退出 ";
    ActRetryLower => "retry", "重试";
    MsgNoListedJob => "no listed job selected", "未选择列表中的任务";
    OpOk => "{} ok", "{} 个成功";
    OpFailed => "{} failed", "{} 个失败";
    OpUnknown => "{} unknown", "{} 个未知";
    OpNotSent => "{} not sent", "{} 个未发送";
    OpStops => "stops", "停止";
    OpDeletes => "deletes", "删除";

    // The command line (src/commands/): prompts, tables, outcome lines, errors.
    CliListFailed => "listing jobs failed", "列出任务失败";
    CliShowFailed => "showing job {} failed", "查看任务 {} 失败";
    CliDryRun => "# dry run: nothing is sent. Requests that would be sent:", "# 演练：不发送任何请求。将会发送的请求：";
    CliIdHint => "{} (`drs-tui jobs list` shows the job ids)", "{}（`drs-tui jobs list` 可列出任务 ID）";
    CliReadOnly => "read-only mode: {} not sent (turn off read_only / --read-only to allow writes)", "只读模式：未发送 {}（关闭 read_only / --read-only 后才允许写操作）";
    CliNotSent => "{} not sent: {}", "未发送 {}：{}";
    CliAboutToDelete => "About to delete {} job(s):", "即将删除 {} 个任务：";
    CliAboutToStop => "About to stop {} job(s):", "即将停止 {} 个任务：";
    CliAboutToForceStop => "About to force-stop {} job(s):", "即将强制停止 {} 个任务：";
    CliNotInList => "(not found in the job list)", "（任务列表中未找到）";
    CliDeleteIt => "Delete it?", "确认删除该任务？";
    CliDeleteThem => "Delete them?", "确认删除这些任务？";
    CliStopIt => "Stop it?", "确认停止该任务？";
    CliStopThem => "Stop them?", "确认停止这些任务？";
    CliForceStopIt => "Force-stop it?", "确认强制停止该任务？";
    CliForceStopThem => "Force-stop them?", "确认强制停止这些任务？";
    CliYesNo => "[y/N]", "[y/N，输入 y 确认]";
    CliCancelled => "cancelled; nothing was sent", "已取消；未发送任何请求";
    SinceBad => "--since {}: expected a time (2026-11-29T10:00:00Z), a date or a duration like 30m, 2h, 7d", "--since {}：应为时间（2026-11-29T10:00:00Z）、日期或时长（如 30m、2h、7d）";
    SinceUnit => "--since {}: unknown unit {} (use s, m, h or d)", "--since {}：未知单位 {}（请使用 s、m、h 或 d）";
    SinceTooFar => "--since {}: too far back to be a date", "--since {}：时间过早，无法表示为日期";
    CliSignalled => "{} received: nothing more is sent; waiting up to {} s for the answers to requests already sent ({} again to stop waiting)", "收到 {}：不再发送新请求；最多等待 {} 秒以接收已发送请求的应答（再按一次 {} 停止等待）";
    CliStoppedWaiting => "stopped waiting; writes still without an answer are recorded as interrupted (drs-tui audit --settle re-reads them)", "已停止等待；仍未获应答的写操作记录为已中断（可用 drs-tui audit --settle 重新查询）";
    CliUnsettledAtStart => "{} write(s) of an earlier run are unsettled (sent, no outcome recorded): `drs-tui audit --unsettled` lists them, `drs-tui audit --settle` re-reads the jobs and records what happened", "之前运行中有 {} 个写操作结果未确认（已发送，未记录结果）：`drs-tui audit --unsettled` 可列出它们，`drs-tui audit --settle` 会重新查询这些任务并记录结果";
    CliDamagedLines => "the audit log has {} damaged line(s), skipped: `drs-tui audit` names them", "审计日志中有 {} 行已损坏，已跳过：`drs-tui audit` 会列出它们";
    CliNoticeJoin => "; ", "；";
    CliSettleInFlight => "{} write(s) without outcome belong to a drs-tui still running: left to it", "{} 个尚无结果的写操作属于仍在运行的 drs-tui：交由其处理";
    CliNothingToSettle => "nothing to settle: every write in the audit log has an outcome", "无需确认：审计日志中的每个写操作都已有结果";
    CliSettleOtherProfile => "{} {} not settled: recorded with profile {}; run drs-tui --profile {} audit --settle", "{} {} 未确认：它是在配置项 {} 下记录的；请运行 drs-tui --profile {} audit --settle";
    CliOutcomeUnrecorded => "the outcome above could not be written to the audit log {}: {}", "上述结果无法写入审计日志 {}：{}";
    CliAuditInFlight => "{} more write(s) are in flight in a drs-tui still running (not unsettled)", "另有 {} 个写操作正由仍在运行的 drs-tui 处理中（不属于未确认）";
    CliUnsettledNone => "0 unsettled write(s)", "没有未确认的写操作";
    CliUnsettledCount => "{} unsettled write(s); `drs-tui audit --settle` re-reads the jobs and records what happened", "{} 个未确认的写操作；`drs-tui audit --settle` 会重新查询这些任务并记录结果";
    CliCredentialsRejected => "the service rejected the credentials (APIGW.0301): check the AK/SK or token. Not retried: the service locks an AK after 5 failures.", "服务拒绝了凭证（APIGW.0301）：请检查 AK/SK 或 Token。不会重试：同一 AK 连续失败 5 次后会被服务锁定。";
    CliNoTerminal => "refusing to change jobs without confirmation: stdin is not a terminal; pass --yes to confirm in scripts", "未经确认不会修改任务：标准输入不是终端；在脚本中请传入 --yes 进行确认";
    CliColId => "ID", "任务ID";
    CliColName => "NAME", "名称";
    CliColStatus => "STATUS", "状态";
    CliColType => "TYPE", "类型";
    CliColEngine => "ENGINE", "引擎";
    CliColCreated => "CREATED", "创建时间";
    CliJobCount => "{} job(s)", "共 {} 个任务";
    CliRuntime => "cannot start the async runtime: {}", "无法启动异步运行时：{}";
    CliOutputError => "output error: {}", "输出错误：{}";
    CliRejectedHint => "The credentials were rejected: check the AK/SK (or token) and the project id. Not retried: the service locks an AK after 5 failures.", "凭证被拒绝：请检查 AK/SK（或 Token）和项目 ID。不会重试：同一 AK 连续失败 5 次后会被服务锁定。";
    CliRequestId => " (request id {})", "（请求 ID：{}）";
    CliLookupFailed => "no project id given, and asking IAM at {} for the project of region {} failed", "未指定项目 ID，且向 IAM（{}）查询区域 {} 的项目失败";
    CliNoAuditPath => "no audit log location: pass --audit-log PATH", "无法确定审计日志位置：请传入 --audit-log PATH";
    CliAuditUnwritable => "the audit log {} cannot be written ({}); writes are refused so that nothing goes unrecorded. Pass --audit-log PATH to use another file", "无法写入审计日志 {}（{}）；为确保每个操作都有记录，已拒绝写操作。可传入 --audit-log PATH 改用其他文件";
    CliNoAuditRecords => "no audit records yet ({} does not exist)", "尚无审计记录（{} 不存在）";
    CliAuditUnsettled => "UNSETTLED (no outcome; op {})  status {}", "未确认（无结果；操作 {}）  状态 {}";
    CliAuditIntent => "intent   status {}", "意图  状态 {}";
    CliAuditOutcome => "outcome  {} (attempts {}, {} ms, settled by {})", "结果  {}（尝试 {} 次，{} 毫秒，确认方式：{}）";
    CliDemoListen => "cannot listen on {}: {}", "无法监听 {}：{}";
    CliDemoStart => "cannot start the demo service: {}", "无法启动演示服务：{}";
    CliDemoAddress => "demo service address: {}", "演示服务地址：{}";
    ConfWrote => "wrote {}: the commented example; edit it, then check it with: drs-tui config show", "已写入 {}：带注释的示例配置；编辑后可用 drs-tui config show 检查";
    ConfNoFile => "no config file at {}; write one with: drs-tui config init", "{} 处没有配置文件；可用 drs-tui config init 生成";
    ConfNoDir => "no config directory on this system: pass --config PATH", "本系统没有配置目录：请传入 --config PATH";
    ConfCannotCreateDir => "cannot create the directory {}: {}", "无法创建目录 {}：{}";
    ConfExists => "{} already exists; not overwritten. Edit it, or move it away and run config init again", "{} 已存在，未覆盖。请直接编辑，或将其移走后再次运行 config init";
    ConfCannotCreate => "cannot create {}: {}", "无法创建 {}：{}";
    ConfCannotWrite => "cannot write {}: {}", "无法写入 {}：{}";
    ConfNoProfiles => "(no profiles)", "（没有配置项）";
    ConfDefaultMark => "  (default)", "  （默认）";
    ConfColSetting => "SETTING", "设置";
    ConfColValue => "VALUE", "值";
    ConfColSource => "SOURCE", "来源";
    ConfNotSet => "not set", "未设置";
    ConfFromRegion => "default (from the region)", "默认（由区域决定）";
    ConfAskedIam => "not set: asked from IAM for the region (cached)", "未设置：按区域向 IAM 查询（已缓存）";
    ConfFromToken => "not set: taken from the login token", "未设置：取自登录 Token";
    ConfDefaultRoots => "default (the system's and the bundled roots)", "默认（系统及内置的根证书）";
    ConfDefaultLanguage => "default (the service's)", "默认（服务的默认语言）";
    AuditDamaged => "{} line {}: damaged, skipped (not an audit record: {})", "{} 第 {} 行：已损坏，已跳过（不是审计记录：{}）";
    AuditCannotRead => "cannot read {}: {}", "无法读取 {}：{}";
    UnknownJobType => "unknown job type {}: expected migration, sync, cloudDataGuard or replay", "未知任务类型 {}：应为 migration、sync、cloudDataGuard 或 replay";

    // Write outcomes (src/ops.rs), in the CLI's lines and the TUI's outcome list.
    OutDeleted => "deleted", "已删除";
    OutStopping => "stopping", "正在停止";
    OutConfirmed => "{} (confirmed by re-read)", "{}（已通过重新查询确认）";
    OutAlreadyDeleted => "already deleted", "此前已删除";
    OutUnknown => "outcome unknown, still present", "结果未知，任务仍存在";
    OutUnknownWhy => "outcome unknown, still present ({})", "结果未知，任务仍存在（{}）";
    OutCancelled => "cancelled, not sent", "已取消，未发送";
    OutInterrupted => "outcome unknown: interrupted after {} s without an answer (drs-tui audit --settle re-reads it)", "结果未知：等待 {} 秒未获应答即被中断（可用 drs-tui audit --settle 重新查询）";
    OutFailed => "failed", "失败";
    OpsAuditUnwritable => "not sent: the audit log {} cannot be written ({})", "未发送：无法写入审计日志 {}（{}）";
    OpsUnrecorded => "{}\n(this outcome could not be written to the audit log {}: {})", "{}\n（此结果无法写入审计日志 {}：{}）";

    // Configuration and credentials (src/config/).
    CfgReadableWarning => "warning: {} holds secrets and is readable by other users; run: chmod 600 {}", "警告：{} 含有密钥，且其他用户可读；请执行：chmod 600 {}";
    CfgCannotRead => "cannot read config file {}: {}", "无法读取配置文件 {}：{}";
    CfgInvalid => "invalid config file {}:{}: {}", "配置文件 {} 无效：{}：{}";
    CfgAt => " line {}, column {} (at `{}`)", "第 {} 行第 {} 列（`{}` 处）";
    CfgAtIn => " line {}, column {} (at `{}` in `{}`)", "第 {} 行第 {} 列（`{}` 处，所在行 `{}`）";
    CfgTooLarge => "larger than {} KiB, refused", "大于 {} KiB，拒绝读取";
    CfgNotUtf8 => "not UTF-8 text", "不是 UTF-8 文本";
    CfgOutOfRange => "{} is out of range: use 1 to {}", "{} 超出范围：请使用 1 到 {}";
    CfgNotBoolean => "{} is not a boolean: use true/false, 1/0, yes/no or on/off", "{} 不是布尔值：请使用 true/false、1/0、yes/no 或 on/off";
    CfgNoProfile => "profile {} is not in the config file (profiles: {})", "配置文件中没有配置项 {}（现有配置项：{}）";
    CfgNone => "none", "无";
    CfgNoFile => "profile {} was asked for, but there is no config file{}", "指定了配置项 {}，但没有配置文件{}";
    CfgNoFileAt => " at {}", "（应位于 {}）";
    CfgNoEndpoint => "no region or endpoint: pass --region (e.g. cn-north-4) or --endpoint, set DRS_TUI_REGION, or set region in a profile. To try drs-tui without an account: --demo", "未指定区域或终端节点：请传入 --region（如 cn-north-4）或 --endpoint，或设置 DRS_TUI_REGION，或在配置项中设置 region。无需账号试用 drs-tui：--demo";
    CfgTokenNeedsProject => "no project id: a token is scoped to one project; pass --project-id, set HUAWEICLOUD_SDK_PROJECT_ID, or set project_id in a profile", "未指定项目 ID：Token 只对一个项目有效；请传入 --project-id，或设置 HUAWEICLOUD_SDK_PROJECT_ID，或在配置项中设置 project_id";
    CfgAkSkNeedsRegion => "no project id: pass --region (drs-tui then asks IAM for the region's project, as the SDK does) or --project-id", "未指定项目 ID：请传入 --region（drs-tui 会像 SDK 一样向 IAM 查询该区域的项目）或 --project-id";
    CfgPasswordNeedsScope => "IAM password login needs --project-id or --region to scope its token", "IAM 密码登录需要 --project-id 或 --region 来确定 Token 的作用范围";
    CfgPageSize => "page size must be at least 1", "分页大小至少为 1";
    CfgConcurrency => "concurrency: {}", "并发数：{}";
    CfgMaxAnswer => "max_answer_mib must be at least 1", "max_answer_mib 至少为 1";
    CfgUnknownLanguage => "unknown language {}: expected en-us or zh-cn", "未知语言 {}：应为 en-us 或 zh-cn";
    CfgLanguageInProfile => "language in the profile", "配置项中的 language";
    CfgCaBundleInProfile => "ca_bundle in profile {}", "配置项 {} 中的 ca_bundle";
    CredInvalidFile => "invalid credentials file {}: {}", "凭证文件 {} 无效：{}";
    CredNoSection => "credentials file {} has neither a [basic] nor a [basiccredentials] section", "凭证文件 {} 中既没有 [basic] 也没有 [basiccredentials] 节";
    CredLacksAkSk => "credentials file {} lacks ak or sk", "凭证文件 {} 缺少 ak 或 sk";
    CredNone => "no credentials found. Set one of:
  HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (AK/SK, as the official SDK reads them),
  DRS_TUI_TOKEN (a ready IAM token),
  DRS_TUI_IAM_USER, DRS_TUI_IAM_PASSWORD and DRS_TUI_IAM_DOMAIN (IAM password login),
  a profile's [profiles.NAME.credentials] in the config file, or ~/.huaweicloud/credentials.
To try drs-tui without any account, run it with --demo: it needs nothing.", "未找到凭证。请设置以下任意一项：
  HUAWEICLOUD_SDK_AK 和 HUAWEICLOUD_SDK_SK（AK/SK，与官方 SDK 读取方式相同），
  DRS_TUI_TOKEN（现成的 IAM Token），
  DRS_TUI_IAM_USER、DRS_TUI_IAM_PASSWORD 和 DRS_TUI_IAM_DOMAIN（IAM 密码登录），
  配置文件中配置项的 [profiles.NAME.credentials]，或 ~/.huaweicloud/credentials。
无需任何账号即可试用 drs-tui：使用 --demo 运行，无需任何配置。";
    CredPlaceFlags => "flags", "命令行参数";
    CredPlaceEnv => "environment variables", "环境变量";
    CredPlaceProfileEnv => "the profile's environment variables", "配置项指定的环境变量";
    CredEnvUnset => "the profile takes credentials from environment variables ({}), but they are not set", "配置项从环境变量（{}）读取凭证，但这些变量未设置";
    CredNoSdkFile => "cannot locate the SDK credentials file", "找不到 SDK 凭证文件";
    CredProfileFileMissing => "the profile's credentials file {} does not exist", "配置项指定的凭证文件 {} 不存在";
    CredHalfAkSk => "{} give only one of the AK and the SK; both are needed", "{}只提供了 AK 和 SK 中的一个；两者都需要";
    CredHalfPassword => "{} give only part of an IAM password login; the user, password and domain are all needed", "{}只提供了 IAM 密码登录的部分信息；用户名、密码和账号名都需要";

    // Failures of a request (src/api/error.rs, src/api/client/).
    ErrDecode => "the service sent an answer drs-tui cannot read (HTTP {}): {}", "服务返回了 drs-tui 无法解析的应答（HTTP {}）：{}";
    ErrTooLarge => "the service's answer exceeded the {}-byte limit and was not read", "服务的应答超过 {} 字节上限，未读取";
    ErrReadOnly => "read-only mode: {} was not sent (turn off read_only / --read-only to allow writes)", "只读模式：未发送 {}（关闭 read_only / --read-only 后才允许写操作）";
    ErrAuth => "authentication failed: {}", "认证失败：{}";
    ErrConnect => "could not connect to the service: {}", "无法连接到服务：{}";
    ErrTimeout => "the request timed out: {}", "请求超时：{}";
    ErrInterrupted => "the connection broke before the answer was complete: {}", "应答完整返回前连接已断开：{}";
    ErrRequest => "request failed: {}", "请求失败：{}";
    AuthNotPassword => "these credentials do not log in to IAM", "这些凭证不用于登录 IAM";
    AuthBaseUrl => "the IAM endpoint cannot be a base URL", "IAM 终端节点不能作为基础 URL";
    AuthRequestFailed => "IAM login request failed: {}", "IAM 登录请求失败：{}";
    AuthUnreadable => "IAM login answer unreadable: {}", "无法读取 IAM 登录应答：{}";
    AuthRefused => "IAM password login for user {} (account {}) was refused: {}", "用户 {}（账号 {}）的 IAM 密码登录被拒绝：{}";
    AuthRefusedHint => "{}. Check the IAM user name, password and account (domain) name (DRS_TUI_IAM_USER, DRS_TUI_IAM_PASSWORD, DRS_TUI_IAM_DOMAIN, or the profile's iam-password credentials). No further login is tried in this run: IAM locks a user after a few failed logins", "{}。请检查 IAM 用户名、密码和账号名（DRS_TUI_IAM_USER、DRS_TUI_IAM_PASSWORD、DRS_TUI_IAM_DOMAIN，或配置项中的 iam-password 凭证）。本次运行不再尝试登录：多次登录失败后 IAM 会锁定该用户";
    AuthNoToken => "IAM answered without an X-Subject-Token header", "IAM 的应答中没有 X-Subject-Token 头";
    TlsUnknownIssuer => "the server's certificate was issued by a CA this machine does not trust. If your network inspects TLS with its own CA, give that CA's PEM file with --ca-bundle PATH, the profile key ca_bundle, or SSL_CERT_FILE (certificate checks are never switched off)", "服务器证书由本机不信任的 CA 签发。如果您的网络使用自有 CA 检查 TLS 流量，请通过 --ca-bundle PATH、配置项键 ca_bundle 或 SSL_CERT_FILE 提供该 CA 的 PEM 文件（证书校验永远不会关闭）";
    TlsBundle => "CA bundle {} (from {})", "CA 证书包 {}（来自 {}）";
    TlsCannotRead => "cannot read the {}: {}", "无法读取{}：{}";
    TlsNotPem => "the {} is not a PEM certificate bundle: {}", "{}不是 PEM 证书包：{}";
    TlsNoCert => "the {} holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks)", "{}中没有 PEM 证书（应包含 -----BEGIN CERTIFICATE----- 块）";
    HttpSetup => "cannot set up HTTP: {}", "无法初始化 HTTP：{}";
    NoProjectInToken => "no project id: pass --project-id or set HUAWEICLOUD_SDK_PROJECT_ID", "未指定项目 ID：请传入 --project-id 或设置 HUAWEICLOUD_SDK_PROJECT_ID";
    RejectedEarlier => "{} (not sent: the credentials were rejected earlier in this session)", "{}（未发送：本次会话中凭证此前已被拒绝）";
    BadProxy => "{} is not a usable proxy URL ({}); fix or unset it", "{} 不是可用的代理 URL（{}）；请修正或取消设置";
    IdEmpty => "is empty", "为空";
    IdDot => "is a dot segment", "是路径中的点段";
    IdControl => "contains control characters", "含有控制字符";
    IdRefused => "job id {} {}: nothing was sent", "任务 ID {} {}：未发送任何请求";

    // Regions, endpoints and the IAM project lookup (src/api/endpoint.rs, src/api/client/projects.rs).
    RegionUnknown => "unknown region {}{} `drs-tui regions` lists the {} known regions. For a region drs-tui does not know yet, pass --endpoint URL (or set {}).", "未知区域 {}{}。`drs-tui regions` 列出了已知的 {} 个区域。对于 drs-tui 尚未收录的区域，请传入 --endpoint URL（或设置 {}）。";
    RegionDidYouMean => "; did you mean {}?", "；您是否要使用 {}？";
    RegionOr => " or ", " 或 ";
    UrlInvalid => "{} {} is not a valid URL: {}", "{} {} 不是有效的 URL：{}";
    UrlNoHost => "{} {} has no host", "{} {} 缺少主机名";
    UrlQuery => "{} {} must not have a query or fragment", "{} {} 不能带查询参数或片段";
    ProjectNone => "IAM at {} has no project named {} for these credentials: check --region, or pass --project-id", "IAM（{}）中没有这些凭证可用的名为 {} 的项目：请检查 --region，或传入 --project-id";
    ProjectSeveral => "IAM has {} projects named {}: {}; pick one with --project-id ID", "IAM 中有 {} 个名为 {} 的项目：{}；请用 --project-id ID 选择其一";
    ProjectRequest => "the project lookup at IAM failed: {}", "向 IAM 查询项目失败：{}";
    UrlPlainHttp => "{} {} uses plain http:// to a non-loopback host; use https:// or pass --allow-insecure-http", "{} {} 对非本机地址使用明文 http://；请使用 https://，或传入 --allow-insecure-http";
    UrlScheme => "{} {}: unsupported scheme {} (use https://)", "{} {}：不支持的协议 {}（请使用 https://）";
    WhatEndpoint => "endpoint", "终端节点";
    WhatIamEndpoint => "IAM endpoint", "IAM 终端节点";
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
    ModOwnProject => "Each request goes to its job's own region and project.", "每个请求都发往该任务所在的区域和项目。";
    SortRegion => "region", "区域";
    ColRegion => "REGION", "区域";
    ColProject => "PROJECT", "项目";
    DetRegion => "region", "区域";
    DetProject => "project", "项目";
    DetParent => "parent", "父任务";
    HdrProjects => "projects", "项目数";
    HelpParent => "open / close a parent job's children as rows (each deletable)", "展开 / 收起父任务的子任务行（每个可单独删除）";
    HelpProgress => "the selected job's progress in the detail pane (again: back)", "在详情窗格显示所选任务的进度（再按一次返回）";
    HelpLog => "the selected job's log in the detail pane / fetch its next page", "在详情窗格显示所选任务的日志 / 加载下一页";
    HelpCommand => "command line (Tab completes, Up/Down history): :region R|all,", "命令行（Tab 补全，上/下键历史）：:region R|all，";
    HelpCommand2 => ":profile P, :project ID, :type T, :regions (listing per project), :q", ":profile P、:project ID、:type T、:regions（各项目列出状态）、:q";
    HelpRefreshRegions => "refresh now; with failed projects, list only those again", "立即刷新；有失败的项目时只重新列出这些项目";
    RegionsTitle => " Projects (:regions closes) ", " 项目（:regions 关闭） ";

    // Several regions (issue 11, --regions).
    ScopeListJobsFailed => "listing jobs of {} failed", "列出 {} 的任务失败";
    CliColRegion => "REGION", "区域";
    ConfEndpointRegions => "default; with --regions each project uses its region's", "默认；使用 --regions 时每个项目使用其所在区域的终端节点";
    ConfProjectRegions => "--regions: each project's id from IAM's list", "--regions：每个项目的 ID 取自 IAM 项目列表";
    ConfRegionsNotSet => "not set (one project)", "未设置（单个项目）";
    ScopeListFailed => "listing jobs of {} failed: {}; the other projects are listed", "列出 {} 的任务失败：{}；其他项目照常列出";
    ScopeNotFound => "{}: not found in any project of --regions; nothing sent for it", "{}：在 --regions 的任何项目中都找不到该任务；未发送任何请求";
    ScopeAll => "all ({} projects)", "全部（{} 个项目）";
    ScopeSome => "{} ({} projects)", "{}（{} 个项目）";
    ScopeProfile => "profile {}", "配置 {}";

    // --help (src/cli.rs): the root's about, long about and after-help, each subcommand's about
    // and each option's help. Flag names, variables, values and codes stay as they are.
    HelpAbout => "A terminal UI and scripting tool for Huawei Cloud Data Replication Service (DRS) jobs", "华为云数据复制服务（DRS）任务的终端界面与脚本工具";
    HelpLongAbout => "A terminal UI and scripting tool for Huawei Cloud Data Replication Service (DRS) v5 jobs.\n\nWith no subcommand it opens the TUI. Try it with no account at all: drs-tui --demo", "华为云数据复制服务（DRS）v5 任务的终端界面与脚本工具。\n\n不带子命令时打开终端界面。无需任何账号即可试用：drs-tui --demo";
    HelpAfter => "Credentials, in order: flags; environment (HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK [+ HUAWEICLOUD_SDK_SECURITY_TOKEN], DRS_TUI_TOKEN, or DRS_TUI_IAM_USER + DRS_TUI_IAM_PASSWORD + DRS_TUI_IAM_DOMAIN); the profile in the config file; the SDK's ~/.huaweicloud/credentials (or HUAWEICLOUD_SDK_CREDENTIALS_FILE).\nOther environment: DRS_TUI_PROFILE, DRS_TUI_REGION, DRS_TUI_REGIONS, DRS_TUI_ENDPOINT, HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_REGION_DRS_<REGION>, HUAWEICLOUD_SDK_IAM_ENDPOINT, DRS_TUI_LANGUAGE, DRS_TUI_READ_ONLY, DRS_TUI_ALLOW_INSECURE_HTTP, SSL_CERT_FILE, NO_COLOR. Booleans accept only true/false, 1/0, yes/no, on/off (any case).\nProxies: HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY apply, except to this machine (localhost, 127.0.0.0/8, ::1), which is always reached directly.\nWith AK/SK and --region but no project id, the project is asked from IAM once and cached.\nExit codes: 0 success; 1 an operation failed; 2 bad usage, configuration or credentials; 3 cancelled; 4 an outcome could not be written to the audit trail (its JSON record is on stderr); 129, 130, 143 ended by SIGHUP, SIGINT, SIGTERM (writes already sent were given --shutdown-grace to be answered, and every outcome was recorded).", "凭据，按以下顺序：命令行参数；环境变量（HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK [+ HUAWEICLOUD_SDK_SECURITY_TOKEN]、DRS_TUI_TOKEN，或 DRS_TUI_IAM_USER + DRS_TUI_IAM_PASSWORD + DRS_TUI_IAM_DOMAIN）；配置文件中的配置档；SDK 的 ~/.huaweicloud/credentials（或 HUAWEICLOUD_SDK_CREDENTIALS_FILE）。\n其他环境变量：DRS_TUI_PROFILE、DRS_TUI_REGION、DRS_TUI_REGIONS、DRS_TUI_ENDPOINT、HUAWEICLOUD_SDK_PROJECT_ID、HUAWEICLOUD_SDK_REGION_DRS_<REGION>、HUAWEICLOUD_SDK_IAM_ENDPOINT、DRS_TUI_LANGUAGE、DRS_TUI_READ_ONLY、DRS_TUI_ALLOW_INSECURE_HTTP、SSL_CERT_FILE、NO_COLOR。布尔值只接受 true/false、1/0、yes/no、on/off（不区分大小写）。\n代理：HTTPS_PROXY、HTTP_PROXY、ALL_PROXY 和 NO_PROXY 生效，但本机（localhost、127.0.0.0/8、::1）始终直接访问。\n使用 AK/SK 和 --region 但未给出项目 ID 时，会向 IAM 查询一次项目并缓存。\n退出码：0 成功；1 操作失败；2 用法、配置或凭据错误；3 已取消；4 结果无法写入审计记录（其 JSON 记录在 stderr 上）；129、130、143 因 SIGHUP、SIGINT、SIGTERM 结束（已发送的写操作有 --shutdown-grace 的时间等待应答，且每个结果都已记录）。";
    HelpGlobalOptions => "Global options", "全局选项";
    HelpCmdJobs => "Scriptable job commands.", "可用于脚本的任务命令。";
    HelpCmdDemoServer => "Run the simulated DRS service for trying drs-tui and for tests.", "运行模拟的 DRS 服务，用于试用 drs-tui 和测试。";
    HelpCmdRegions => "List every known region with its DRS and IAM endpoints.", "列出所有已知区域及其 DRS 和 IAM 终端节点。";
    HelpCmdAudit => "Show the audit trail of writes (deletes and stops).", "显示写操作（删除和停止）的审计记录。";
    HelpCmdConfig => "Write, show and list the configuration.", "写入、显示和列出配置。";
    HelpCmdCompletions => "Print a shell completion script to stdout.", "将 shell 补全脚本输出到 stdout。";
    HelpCompletionsAfter => "Install, e.g.:\n  bash: drs-tui completions bash > ~/.local/share/bash-completion/completions/drs-tui\n  zsh:  drs-tui completions zsh > ~/.zfunc/_drs-tui   (with fpath+=~/.zfunc before compinit)\n  fish: drs-tui completions fish > ~/.config/fish/completions/drs-tui.fish\n  PowerShell: drs-tui completions powershell | Out-String | Invoke-Expression", "安装示例：\n  bash: drs-tui completions bash > ~/.local/share/bash-completion/completions/drs-tui\n  zsh:  drs-tui completions zsh > ~/.zfunc/_drs-tui   （需在 compinit 之前设置 fpath+=~/.zfunc）\n  fish: drs-tui completions fish > ~/.config/fish/completions/drs-tui.fish\n  PowerShell: drs-tui completions powershell | Out-String | Invoke-Expression";
    HelpCmdMan => "Print the man page (roff) to stdout, e.g. drs-tui man > ~/.local/share/man/man1/drs-tui.1", "将 man 手册页（roff）输出到 stdout，例如 drs-tui man > ~/.local/share/man/man1/drs-tui.1";
    HelpCmdConfigInit => "Write the commented example config to the config path (--config, or the default); never overwrites, and the file is private (0600).", "将带注释的示例配置写入配置路径（--config 或默认路径）；从不覆盖，且文件为私有（0600）。";
    HelpCmdConfigShow => "Print every setting in force for the chosen profile, and where each came from (flag, env, profile, SDK file, default); secrets are shown as [REDACTED].", "输出所选配置档当前生效的每项设置及其来源（flag、env、profile、SDK 文件、default）；机密显示为 [REDACTED]。";
    HelpCmdConfigProfiles => "List the profiles in the config file (the default one marked).", "列出配置文件中的配置档（标出默认的一个）。";
    HelpCmdJobsList => "List jobs (all job types unless --job-type).", "列出任务（除非指定 --job-type，否则为所有任务类型）。";
    HelpCmdJobsShow => "Show one job's detail.", "显示一个任务的详情。";
    HelpCmdJobsDelete => "Delete jobs (they must be stopped). Asks y/N unless --yes.", "删除任务（任务须已停止）。除非指定 --yes，否则询问 y/N。";
    HelpCmdJobsStop => "Stop jobs. Asks y/N unless --yes.", "停止任务。除非指定 --yes，否则询问 y/N。";
    HelpArgDemo => "Run against a built-in simulated DRS service (no account or network needed).", "针对内置的模拟 DRS 服务运行（无需账号或网络）。";
    HelpArgConfig => "Config file [default: <config dir>/drs-tui/config.toml].", "配置文件 [默认：<配置目录>/drs-tui/config.toml]。";
    HelpArgProfile => "Profile from the config file [env: DRS_TUI_PROFILE].", "配置文件中的配置档 [env: DRS_TUI_PROFILE]。";
    HelpArgRegion => "Region, e.g. cn-north-4 [env: DRS_TUI_REGION].", "区域，例如 cn-north-4 [env: DRS_TUI_REGION]。";
    HelpArgRegions => "Several projects at once: `all` (every project IAM lists whose name is a region or <region>_<suffix>) or a list, e.g. cn-north-4,cn-east-3 [env: DRS_TUI_REGIONS].", "同时使用多个项目：`all`（IAM 列出的、名称为区域或 <region>_<suffix> 的所有项目）或一个列表，例如 cn-north-4,cn-east-3 [env: DRS_TUI_REGIONS]。";
    HelpArgProjectId => "Project id [env: HUAWEICLOUD_SDK_PROJECT_ID]; with AK/SK, found through IAM when omitted.", "项目 ID [env: HUAWEICLOUD_SDK_PROJECT_ID]；使用 AK/SK 时若省略，则通过 IAM 查找。";
    HelpArgEndpoint => "DRS endpoint URL, overriding the region's [env: DRS_TUI_ENDPOINT].", "DRS 终端节点 URL，覆盖区域的默认值 [env: DRS_TUI_ENDPOINT]。";
    HelpArgIamEndpoint => "IAM endpoint URL for password login and the project lookup [env: HUAWEICLOUD_SDK_IAM_ENDPOINT].", "用于密码登录和项目查找的 IAM 终端节点 URL [env: HUAWEICLOUD_SDK_IAM_ENDPOINT]。";
    HelpArgLanguage => "Language of drs-tui's text and of the service's messages: en-us or zh-cn [env: DRS_TUI_LANGUAGE; profile: language; else LC_ALL/LC_MESSAGES/LANG starting with zh].", "drs-tui 文本和服务消息的语言：en-us 或 zh-cn [env: DRS_TUI_LANGUAGE；profile: language；否则看以 zh 开头的 LC_ALL/LC_MESSAGES/LANG]。";
    HelpArgReadOnly => "Refuse every write (delete, stop) [env: DRS_TUI_READ_ONLY=true|false|1|0|yes|no|on|off].", "拒绝所有写操作（删除、停止）[env: DRS_TUI_READ_ONLY=true|false|1|0|yes|no|on|off]。";
    HelpArgAllowInsecureHttp => "Allow plain http:// to hosts other than loopback [env: DRS_TUI_ALLOW_INSECURE_HTTP].", "允许对非本机回环地址使用明文 http:// [env: DRS_TUI_ALLOW_INSECURE_HTTP]。";
    HelpArgCaBundle => "Also trust the CAs in this PEM file (e.g. a company's TLS-inspecting proxy); the system's and the bundled roots stay trusted [profile: ca_bundle; SSL_CERT_FILE adds one too].", "额外信任此 PEM 文件中的 CA（例如公司用于检查 TLS 的代理）；系统和内置的根证书仍受信任 [profile: ca_bundle；SSL_CERT_FILE 也可再添加一个]。";
    HelpArgLogFile => "Log file [default: <state dir>/drs-tui/drs-tui.log], rotated daily (a week kept); logs never go to the screen.", "日志文件 [默认：<状态目录>/drs-tui/drs-tui.log]，每天轮转（保留一周）；日志从不输出到屏幕。";
    HelpArgAuditLog => "Audit trail of every write [default: <state dir>/drs-tui/audit.jsonl].", "每次写操作的审计记录 [默认：<状态目录>/drs-tui/audit.jsonl]。";
    HelpArgAk => "Access key (prefer HUAWEICLOUD_SDK_AK: flags are visible to other local users).", "访问密钥 AK（建议用 HUAWEICLOUD_SDK_AK：命令行参数对本机其他用户可见）。";
    HelpArgSk => "Secret key (prefer HUAWEICLOUD_SDK_SK: flags are visible to other local users).", "秘密访问密钥 SK（建议用 HUAWEICLOUD_SDK_SK：命令行参数对本机其他用户可见）。";
    HelpArgSecurityToken => "Security token for temporary AK/SK.", "临时 AK/SK 的安全令牌。";
    HelpArgToken => "A ready IAM token (prefer DRS_TUI_TOKEN).", "现成的 IAM 令牌（建议用 DRS_TUI_TOKEN）。";
    HelpArgIamUser => "IAM user for password login.", "用于密码登录的 IAM 用户。";
    HelpArgIamDomain => "IAM account (domain) for password login.", "用于密码登录的 IAM 账号（domain）。";
    HelpArgPageSize => "List page size [default: 1000].", "列表分页大小 [默认：1000]。";
    HelpArgConcurrency => "Concurrent write requests, 1 to 64 [default: 4].", "并发写请求数，1 到 64 [默认：4]。";
    HelpArgUndoGrace => "TUI: seconds a confirmed delete waits before it is sent (u cancels it meanwhile); 0 sends at once [default: 3].", "终端界面：确认的删除在发送前等待的秒数（期间按 u 可取消）；0 表示立即发送 [默认：3]。";
    HelpArgShutdownGrace => "After SIGTERM/SIGHUP/SIGINT (or quitting the TUI), seconds that writes already sent may take to be answered before they are recorded `interrupted` [default: 10].", "收到 SIGTERM/SIGHUP/SIGINT（或退出终端界面）后，已发送的写操作等待应答的秒数，超时则记录为 `interrupted` [默认：10]。";
    HelpArgAscii => "Draw plain ASCII borders and symbols.", "使用纯 ASCII 边框和符号绘制。";
    HelpArgSince => "Only records since this time: RFC 3339, a date (2026-11-29) or a duration ago (30m, 2h, 7d).", "只显示此时间之后的记录：RFC 3339、日期（2026-11-29）或距今时长（30m、2h、7d）。";
    HelpArgOutput => "Output format.", "输出格式。";
    HelpArgUnsettled => "Only writes with no outcome (sent by a run that crashed or was killed).", "只显示没有结果的写操作（由崩溃或被终止的运行发出）。";
    HelpArgSettle => "Re-read the job of every unsettled write (at the endpoint and project its intent names) and record the outcome: deleted (confirmed by re-read), still present, or why it could not tell.", "重新读取每个未确定写操作的任务（在其意图记录的终端节点和项目上）并记录结果：已删除（经重新读取确认）、仍存在，或无法判断的原因。";
    HelpArgShell => "The shell.", "shell 类型。";
    HelpArgJobType => "migration, sync, cloudDataGuard or replay [default: all].", "migration、sync、cloudDataGuard 或 replay [默认：全部]。";
    HelpArgStatus => "Only jobs with this status, e.g. RELEASE_RESOURCE_COMPLETE.", "只显示此状态的任务，例如 RELEASE_RESOURCE_COMPLETE。";
    HelpArgName => "Job name or id (up to 10 ids, comma-separated).", "任务名称或 ID（最多 10 个 ID，以逗号分隔）。";
    HelpArgNoHeaders => "Leave out the header line (table, tsv) and the count line (table).", "省略表头行（table、tsv）和计数行（table）。";
    HelpArgId => "Job id.", "任务 ID。";
    HelpArgIds => "Job ids.", "任务 ID 列表。";
    HelpArgYes => "Do not ask for confirmation.", "不询问确认。";
    HelpArgDryRun => "Print the exact requests that would be sent; send nothing.", "输出将要发送的确切请求；不发送任何请求。";
    HelpArgForce => "Force-stop.", "强制停止。";
    HelpArgListen => "Address to listen on; port 0 picks a free port.", "监听地址；端口 0 表示自动选择空闲端口。";
    HelpArgJobs => "Number of seeded jobs.", "预置任务的数量。";
    HelpArgSeed => "Seed for the generated jobs.", "生成任务所用的随机种子。";
    HelpArgLatencyMs => "Added latency per request, in milliseconds.", "每个请求附加的延迟（毫秒）。";
    HelpArgFaults => "Fault injection rules (see below).", "故障注入规则（见下文）。";
    HelpArgProjects => "Serve several regions, each its own project with its own jobs, and list them (plus a non-regional MOS project) at IAM, e.g. cn-north-4,cn-east-3,ap-southeast-1. Issued tokens work only on their project (403 APIGW.0302 elsewhere).", "服务多个区域，每个区域是独立的项目并有自己的任务，并在 IAM 中列出它们（另加一个非区域的 MOS 项目），例如 cn-north-4,cn-east-3,ap-southeast-1。签发的令牌只在其所属项目有效（在别处返回 403 APIGW.0302）。";
    // ---- h-worker
    WorkerNoClient => "no client for the job's project {}: it was never covered here", "没有该任务所属项目 {} 的客户端：此处从未覆盖该项目";
    WorkerNotSent => "not sent: {}", "未发送：{}";
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
            // Han characters, or for a separator, full-width punctuation.
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)
                    || ('\u{3000}'..='\u{303f}').contains(&c)
                    || ('\u{ff00}'..='\u{ffef}').contains(&c)),
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
