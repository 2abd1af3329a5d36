#include "watch/fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace riwaya::watch {

namespace {

// libcurl wants one global initialisation before threads use it.
void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const FetcherOptions* opt = nullptr;
  const std::atomic<bool>* stop = nullptr;
  std::string body;
  std::string etag, last_modified, content_type;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  if (t->body.size() + len > t->opt->max_body_bytes) {
    t->too_large = true;
    return 0;  // makes curl fail with CURLE_WRITE_ERROR: the feed never ends
  }
  t->body.append(data, len);
  return len;
}

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

bool HeaderIs(const std::string& line, const char* name, std::string& value) {
  const size_t colon = line.find(':');
  if (colon == std::string::npos) return false;
  std::string key = line.substr(0, colon);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  if (key != name) return false;
  value = Trim(line.substr(colon + 1));
  return true;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  std::string line(data, len);
  // Each response of a redirect chain starts with a status line: keep only the last one's headers.
  if (line.rfind("HTTP/", 0) == 0) {
    t->etag.clear();
    t->last_modified.clear();
    t->content_type.clear();
    return len;
  }
  std::string v;
  if (HeaderIs(line, "etag", v)) t->etag = v;
  else if (HeaderIs(line, "last-modified", v)) t->last_modified = v;
  else if (HeaderIs(line, "content-type", v)) t->content_type = v;
  return len;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->stop && t->stop->load() ? 1 : 0;  // non-zero aborts
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

const char* FetchErrorName(FetchError e) {
  switch (e) {
    case FetchError::kNone: return "ok";
    case FetchError::kNoNetwork: return "no network";
    case FetchError::kTimeout: return "timeout";
    case FetchError::kTooLarge: return "too large";
    case FetchError::kRedirectLoop: return "redirect loop";
    case FetchError::kHttpStatus: return "http error";
    case FetchError::kAborted: return "aborted";
    case FetchError::kOther: return "error";
  }
  return "error";
}

Fetcher::Fetcher(FetcherOptions options) : options_(std::move(options)) { InitCurlOnce(); }

FetchResponse Fetcher::Fetch(const FetchRequest& req, const std::atomic<bool>* stop) const {
  FetchResponse r;
  r.final_url = req.url;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    r.error = FetchError::kOther;
    r.message = req.url + ": cannot initialise libcurl";
    return r;
  }
  Transfer t;
  t.opt = &options_;
  t.stop = stop;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&headers](const std::string& h) {
    curl_slist* l = curl_slist_append(headers.get(), h.c_str());
    if (l) {
      (void)headers.release();
      headers.reset(l);
    }
  };
  if (!req.etag.empty()) add_header("If-None-Match: " + req.etag);
  if (!req.last_modified.empty()) add_header("If-Modified-Since: " + req.last_modified);
  add_header("Accept: application/rss+xml, application/atom+xml, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5");

  CURL* c = curl.get();
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, options_.max_redirects);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.low_speed_seconds);
  curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl can decode (gzip, deflate, ...)
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_body_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  const CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  r.status = status;
  char* eff = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff) r.final_url = eff;
  const std::string detail = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc));

  if (rc != CURLE_OK) {
    switch (rc) {
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
        r.error = FetchError::kNoNetwork;
        r.message = req.url + ": no network (" + detail + ")";
        break;
      case CURLE_OPERATION_TIMEDOUT:
        r.error = FetchError::kTimeout;
        r.message = req.url + ": timed out (" + detail + ")";
        break;
      case CURLE_TOO_MANY_REDIRECTS:
        r.error = FetchError::kRedirectLoop;
        r.message = req.url + ": redirect loop (more than " + std::to_string(options_.max_redirects) +
                    " redirects, last " + r.final_url + ")";
        break;
      case CURLE_FILESIZE_EXCEEDED:
        t.too_large = true;
        [[fallthrough]];
      case CURLE_WRITE_ERROR:
        if (t.too_large) {
          r.error = FetchError::kTooLarge;
          r.message = req.url + ": response larger than " + std::to_string(options_.max_body_bytes) +
                      " bytes; cut and dropped";
          break;
        }
        r.error = FetchError::kOther;
        r.message = req.url + ": " + detail;
        break;
      case CURLE_ABORTED_BY_CALLBACK:
        r.error = FetchError::kAborted;
        r.message = req.url + ": stopped";
        break;
      default:
        r.error = FetchError::kOther;
        r.message = req.url + ": " + detail;
        break;
    }
    return r;
  }
  r.etag = std::move(t.etag);
  r.last_modified = std::move(t.last_modified);
  r.content_type = std::move(t.content_type);
  if (status == 304) {
    r.not_modified = true;
    return r;
  }
  if (status < 200 || status >= 300) {
    r.error = FetchError::kHttpStatus;
    r.message = req.url + ": HTTP " + std::to_string(status);
    return r;
  }
  r.body = std::move(t.body);
  return r;
}

}  // namespace riwaya::watch
