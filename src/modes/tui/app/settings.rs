//! What the app is told from outside: the settings it starts with (command line and profile).

/// Settings the app needs from the command line and profile.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Profile name.
    pub profile: String,
    /// Region id.
    pub region: String,
    /// Project id.
    pub project_id: String,
    /// DRS endpoint, as configured.
    pub endpoint: String,
    /// The endpoint is not the region's own (`--endpoint`, profile `endpoint`): the header says
    /// "custom endpoint" instead of a region that may not apply.
    pub custom_endpoint: bool,
    /// Connected to the built-in demo service.
    pub demo: bool,
    /// Refuse every write.
    pub read_only: bool,
    /// Protected profile: always type to confirm.
    pub protected: bool,
    /// Writes in flight at once.
    pub concurrency: usize,
    /// More jobs than this in one confirmation: type the count.
    pub confirm_threshold: usize,
    /// Plain ASCII borders and symbols.
    pub ascii: bool,
    /// No colours (`NO_COLOR`).
    pub no_color: bool,
    /// Auto-refresh is on (for the footer).
    pub auto_refresh: bool,
    /// Seconds a confirmed delete waits before it is sent (`u` undoes meanwhile); 0: none.
    pub undo_grace_secs: u64,
    /// Why writes are disabled when it is not the profile's choice (e.g. no audit log).
    pub writes_disabled: Option<String>,
    /// Regions of the configured scope (`--regions`), offered first by `:region` completion.
    pub regions: Vec<String>,
    /// Profiles of the config file, for `:profile` completion and checking.
    pub profiles: Vec<String>,
}

impl Settings {
    /// Whether write keys are refused (read-only profile, or writes disabled).
    pub fn no_writes(&self) -> bool {
        self.read_only || self.writes_disabled.is_some()
    }
}
