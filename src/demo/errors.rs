//! Error answers in the shapes DRS, the API gateway and IAM use, in English or Chinese.

use axum::http::StatusCode;
use serde_json::{Value, json};

/// The language an error message is written in (`X-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// `en-us`, the default.
    En,
    /// `zh-cn`.
    Zh,
}

impl Lang {
    /// From an `X-Language` header value; anything but `zh-cn` is English.
    pub fn from_header(v: Option<&str>) -> Lang {
        match v {
            Some(v) if v.trim().eq_ignore_ascii_case("zh-cn") => Lang::Zh,
            _ => Lang::En,
        }
    }
}

/// An error answer: status, code, message, and whether the body carries `request_id`
/// (gateway errors do, DRS business errors do not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoError {
    /// HTTP status.
    pub status: StatusCode,
    /// `DRS.…` or `APIGW.…`.
    pub code: &'static str,
    /// The message in the request's language.
    pub msg: String,
    /// Gateway-style body with `request_id`.
    pub gateway: bool,
}

impl DemoError {
    fn drs(status: StatusCode, code: &'static str, msg: String) -> DemoError {
        DemoError {
            status,
            code,
            msg,
            gateway: false,
        }
    }

    /// The JSON body for this error.
    pub fn body(&self, request_id: &str) -> Value {
        if self.gateway {
            json!({"error_code": self.code, "error_msg": self.msg, "request_id": request_id})
        } else {
            json!({"error_code": self.code, "error_msg": self.msg})
        }
    }

    /// 400 `DRS.10000010`: unknown job.
    pub fn job_not_found(lang: Lang) -> DemoError {
        let msg = match lang {
            Lang::En => "Job does not exist, please check job ID.",
            Lang::Zh => "任务不存在，请检查任务ID。",
        };
        Self::drs(StatusCode::BAD_REQUEST, "DRS.10000010", msg.into())
    }

    /// 400 `DRS.M00304`: the job must be stopped (ended) before it can be deleted.
    pub fn must_stop_first(lang: Lang, status: &str) -> DemoError {
        let msg = match lang {
            Lang::En => format!(
                "This API cannot be called in the current task status: the job must be stopped \
                 before it can be deleted (current status {status})."
            ),
            Lang::Zh => format!(
                "当前任务状态不允许调用此接口：任务必须先结束才能删除（当前状态 {status}）。"
            ),
        };
        Self::drs(StatusCode::BAD_REQUEST, "DRS.M00304", msg)
    }

    /// 400 `DRS.M00304`: the job cannot be stopped in its status.
    pub fn cannot_stop(lang: Lang, status: &str) -> DemoError {
        let msg = match lang {
            Lang::En => format!(
                "This API cannot be called in the current task status: the job cannot be \
                 stopped (current status {status})."
            ),
            Lang::Zh => {
                format!("当前任务状态不允许调用此接口：任务无法结束（当前状态 {status}）。")
            }
        };
        Self::drs(StatusCode::BAD_REQUEST, "DRS.M00304", msg)
    }

    /// 400 `DRS.M00201`: a required parameter is missing.
    pub fn param_empty(lang: Lang, name: &str) -> DemoError {
        let msg = match lang {
            Lang::En => format!("The parameter {name} cannot be empty."),
            Lang::Zh => format!("参数 {name} 不能为空。"),
        };
        Self::drs(StatusCode::BAD_REQUEST, "DRS.M00201", msg)
    }

    /// 400 `DRS.M00202`: a parameter has an invalid value.
    pub fn param_invalid(lang: Lang, name: &str) -> DemoError {
        let msg = match lang {
            Lang::En => format!("The value of {name} is invalid."),
            Lang::Zh => format!("参数 {name} 的值无效。"),
        };
        Self::drs(StatusCode::BAD_REQUEST, "DRS.M00202", msg)
    }

    /// 400 `DRS.M00210`: invalid paging values.
    pub fn bad_page(lang: Lang) -> DemoError {
        let msg = match lang {
            Lang::En => "Invalid page value: offset must be 0 or more and limit 1 or more.",
            Lang::Zh => "分页参数无效：offset 不能小于 0，limit 不能小于 1。",
        };
        Self::drs(StatusCode::BAD_REQUEST, "DRS.M00210", msg.into())
    }

    /// 400 `DRS.M00211`: the page size is above what the service allows.
    pub fn page_too_large(lang: Lang, max: u64) -> DemoError {
        let msg = match lang {
            Lang::En => format!("The page exceeds the upper limit: limit must be at most {max}."),
            Lang::Zh => format!("分页超过上限：limit 不能大于 {max}。"),
        };
        Self::drs(StatusCode::BAD_REQUEST, "DRS.M00211", msg)
    }

    /// 400 `DRS.M00200`: the request body is not what the API expects.
    pub fn bad_body(lang: Lang, detail: &str) -> DemoError {
        let msg = match lang {
            Lang::En => format!("Parameter error: {detail}"),
            Lang::Zh => format!("参数错误：{detail}"),
        };
        Self::drs(StatusCode::BAD_REQUEST, "DRS.M00200", msg)
    }

    /// 403 `DRS.M00261`: the project id in the path is not this account's.
    pub fn bad_project(lang: Lang) -> DemoError {
        let msg = match lang {
            Lang::En => "Invalid project ID.",
            Lang::Zh => "项目ID无效。",
        };
        Self::drs(StatusCode::FORBIDDEN, "DRS.M00261", msg.into())
    }

    /// 401 `APIGW.0301` with a sub-message such as `verify aksk signature fail`.
    pub fn unauthorized(detail: &str) -> DemoError {
        DemoError {
            status: StatusCode::UNAUTHORIZED,
            code: "APIGW.0301",
            msg: format!("Incorrect IAM authentication information: {detail}"),
            gateway: true,
        }
    }

    /// 403 `APIGW.0302`: a token scoped to one project used on another project's path.
    pub fn wrong_project_token() -> DemoError {
        DemoError {
            status: StatusCode::FORBIDDEN,
            code: "APIGW.0302",
            msg: "The IAM or ACL authentication failed: the token is scoped to another project."
                .into(),
            gateway: true,
        }
    }

    /// 401 `APIGW.0307`: the token expired.
    pub fn token_expired() -> DemoError {
        DemoError {
            status: StatusCode::UNAUTHORIZED,
            code: "APIGW.0307",
            msg: "The token must be updated.".into(),
            gateway: true,
        }
    }

    /// 404 `APIGW.0101`: no such API.
    pub fn no_such_api() -> DemoError {
        DemoError {
            status: StatusCode::NOT_FOUND,
            code: "APIGW.0101",
            msg: "The API does not exist or has not been published in the environment.".into(),
            gateway: true,
        }
    }

    /// 413 `APIGW.0201`: the request body is too large.
    pub fn body_too_large() -> DemoError {
        DemoError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "APIGW.0201",
            msg: "Request entity too large.".into(),
            gateway: true,
        }
    }
}

/// An IAM (Keystone-style) error body: `{"error":{"code":…,"message":…,"title":…}}`.
pub fn iam_error(status: StatusCode, message: &str) -> Value {
    json!({
        "error": {
            "code": status.as_u16().to_string(),
            "message": message,
            "title": status.canonical_reason().unwrap_or("Error"),
        }
    })
}
