# The caching proxy in front of the portal (Varnish 7.1, Debian bookworm's,
# or the official image): it keeps the public pages the portal marks
# shareable for anonymous visitors, and drops them when the portal says a
# change shows on them (home/proxy_cache.py). Only the vmods that ship with
# Varnish itself (std, cookie) are used.
#
# Listeners (varnishd -a): the visitors' one, and one named "purge" that only
# the portal can reach (compose.yaml keeps it inside its network); a PURGE or
# BAN is taken from there or from this machine, never from a visitor.
vcl 4.1;

import cookie;
import std;

# bench/proxy.py and tests/home/test_varnish.py put their own address here.
backend portal {
    .host = "web";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        if (local.socket != "purge" && client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Wagtail's frontend cache: one address of a page (its Host header is the site's).
        if (req.method == "PURGE") {
            return (purge);
        }
        # The portal: every kept page, or those whose X-Shows tags match a
        # pattern the portal built of its own tags (without spaces, so that it
        # needs no quotes: std.ban() would take them as part of it). Bans on
        # obj.* only, so that the ban lurker, not the next visitor, tests the
        # kept pages.
        if (req.http.X-Ban-All) {
            if (std.ban("obj.status != 0")) {
                return (synth(200, "Banned"));
            }
        } elif (req.http.X-Ban-Shows) {
            if (std.ban("obj.http.X-Shows ~ " + req.http.X-Ban-Shows)) {
                return (synth(200, "Banned"));
            }
        }
        return (synth(400, std.ban_error()));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, the documents (they check who asks), the accounts, the
    # registration forms and the member area (in each language) go straight
    # to the portal; what it marks private would not be kept anyway.
    if (req.url ~ "^/(admin|documents|healthz|_util)(/|\?|$)"
        || req.url ~ "^/[a-z][a-z]/(accounts|register|my-account|mijn-account|mon-compte)/") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }

    # The portal reads four cookies; the others (analytics, consent banners)
    # never change a page: dropped. A session (a member, an editor, a page
    # password given) or a message waiting makes the page someone's own, as
    # home/page_cache.py decides for its own cache.
    if (req.http.Cookie) {
        cookie.parse(req.http.Cookie);
        cookie.keep("sessionid,messages,csrftoken,django_language");
        set req.http.Cookie = cookie.get_string();
        if (cookie.isset("sessionid") || cookie.isset("messages")) {
            return (pass);
        }
        # The CSRF token and the language do not change a page that can be
        # shared: looked up without them, handed to the portal on a miss (so
        # that it does not give the visitor a new CSRF token).
        if (req.http.Cookie != "") {
            set req.http.X-Portal-Cookie = req.http.Cookie;
        }
        unset req.http.Cookie;
    }

    # One copy of a page whatever the order of its parameters and the
    # tracking ones added to its address (home/page_cache.py IGNORED_PARAMETERS).
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?<=[?&])(_bta_[^=&]*|_ga|_gl|affiliate|ck_subscriber_id|dm_i|ef_[^=&]*|epik|fb_source|fbclid|gclid|gclsrc|hsa_[^=&]*|matomo_[^=&]*|mc_[^=&]*|msclkid|mtm_[^=&]*|ref|s_kwcid|trk_[^=&]*|utm_[^=&]*)(=[^&]*)?(&|$)", "");
        set req.url = std.querysort(regsub(req.url, "[?&]+$", ""));
    }
    return (hash);
}

sub vcl_backend_fetch {
    if (bereq.http.X-Portal-Cookie) {
        set bereq.http.Cookie = bereq.http.X-Portal-Cookie;
        unset bereq.http.X-Portal-Cookie;
    }
}

sub vcl_backend_response {
    # Kept only when the portal says so: public, with s-maxage, no cookie set
    # (home/page_cache.py marks a page shareable; a member's never is).
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "(^|[ ,])public([ ,]|$)"
        || beresp.http.Cache-Control !~ "s-maxage=[1-9]"
        || beresp.http.Cache-Control ~ "private|no-cache|no-store") {
        # Not kept: for two minutes, requests for it go straight to the portal.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The cookies of the request played no part in a shareable page.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    # Never served stale: what a page shows also changes with time (a session
    # that has started no longer takes registrations).
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    # The tags are for the bans, not for the visitor; the portal's request id
    # is the one of the request that filled the cache.
    unset resp.http.X-Shows;
    if (obj.hits > 0) {
        unset resp.http.X-Request-ID;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
