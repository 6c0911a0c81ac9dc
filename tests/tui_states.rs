//! Whole-screen snapshots of states the app must tell truthfully: a failed listing (with and
//! without rows already listed) and the help at the smallest common terminal.

mod tui_fixtures;

use crossterm::event::KeyCode;
use drs_tui::api::{ApiError, ClientError, TransportKind};
use drs_tui::app::{App, Effect, Msg};
use tui_fixtures::*;

fn refused() -> ClientError {
    ClientError::Api(ApiError {
        http_status: 401,
        error_code: "APIGW.0301".into(),
        error_msg: "Incorrect IAM authentication information: verify aksk signature fail".into(),
        request_id: Some("0d1f8a6b7c2e4f5a9b3c".into()),
    })
}

fn unreachable() -> ClientError {
    ClientError::Transport {
        kind: TransportKind::Connect,
        message: "error sending request for url (https://drs.cn-nort-4.myhuaweicloud.com/v5/\
                  0a1b2c3d4e5f60718293a4b5c6d7e8f9/jobs): dns error: failed to lookup address \
                  information: Name or service not known"
            .into(),
    }
}

/// The first listing fails at `w`×`h`.
fn failed_first(error: ClientError, w: u16, h: u16) -> App {
    let mut s = settings();
    s.region = "cn-nort-4".into();
    s.endpoint = "https://drs.cn-nort-4.myhuaweicloud.com".into();
    let mut a = App::new(s, None);
    update(&mut a, Msg::Resize(w, h));
    let _ = a.start();
    update(
        &mut a,
        Msg::ListFailed {
            generation: 1,
            error,
        },
    );
    a
}

/// A refresh fails after a good listing at `w`×`h`: the rows stay, stale.
fn failed_refresh(w: u16, h: u16) -> App {
    let mut a = app_with(settings(), jobs(), w, h);
    let e = update(&mut a, code(KeyCode::Char('r')));
    let Some(Effect::ListJobs { generation, .. }) = e.first().cloned() else {
        panic!("r lists: {e:?}");
    };
    update(
        &mut a,
        Msg::ListFailed {
            generation,
            error: ClientError::Api(ApiError {
                http_status: 503,
                error_code: "DRS.00000503".into(),
                error_msg: "Service unavailable, please try again later.".into(),
                request_id: Some("5e0c2a9d1b7f".into()),
            }),
        },
    );
    a
}

/// A snapshot test per row: the screen of the app.
macro_rules! screens {
    ($($name:ident: $app:expr;)*) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!(screen_text(&$app));
        }
    )*};
}

screens! {
    failed_listing_bad_credentials_80x24: failed_first(refused(), 80, 24);
    failed_listing_bad_credentials_200x50: failed_first(refused(), 200, 50);
    failed_listing_unreachable_80x24: failed_first(unreachable(), 80, 24);
    failed_listing_unreachable_200x50: failed_first(unreachable(), 200, 50);
    failed_refresh_keeps_stale_rows_80x24: failed_refresh(80, 24);
    failed_refresh_keeps_stale_rows_200x50: failed_refresh(200, 50);
}

#[test]
fn help_fits_80x24_and_scrolls() {
    let mut a = app_with(settings(), jobs(), 80, 24);
    update(&mut a, key('?'));
    let top = screen_text(&a);
    assert!(top.contains("any other key closes"), "{top}");
    insta::assert_snapshot!("help_80x24_top", top);
    for _ in 0..40 {
        update(&mut a, code(KeyCode::Down));
    }
    assert!(a.help_open(), "arrows scroll, they do not close");
    let bottom = screen_text(&a);
    assert!(bottom.contains("q Ctrl-C"), "{bottom}");
    insta::assert_snapshot!("help_80x24_bottom", bottom);
    update(&mut a, key('x'));
    assert!(!a.help_open(), "any other key closes");
}
