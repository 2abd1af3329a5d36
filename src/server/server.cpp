#include "server/server.h"

#include <httplib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

#include "server/api_json.h"
#include "server/api_token.h"
#include "server/search_params.h"
#include "server/static_files.h"

namespace riwaya::server {

using nlohmann::json;

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(Dump(body), kJson);
}

// Error body; `position` is lifted from messages saying "position N" or "at byte N".
void SendError(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  json err = {{"code", code}, {"message", message}};
  static const std::regex kPos("(?:position|at byte) (\\d+)");
  std::smatch m;
  if (std::regex_search(message, m, kPos)) err["position"] = std::stoll(m[1].str());
  auto colon = message.find(':');
  if (code == "bad_request" && colon != std::string::npos && colon < 40 && message.find(' ') > colon)
    err["parameter"] = message.substr(0, colon);
  SendJson(res, status, {{"error", err}});
}

void SendStatus(httplib::Response& res, const Status& st) {
  using C = Status::Code;
  switch (st.code()) {
    case C::kInvalid: return SendError(res, 400, "bad_request", st.message());
    case C::kNotFound: return SendError(res, 404, "not_found", st.message());
    case C::kUnsupported: return SendError(res, 501, "unsupported", st.message());
    case C::kAborted: return SendError(res, 503, "unavailable", st.message());
    case C::kIoError: return SendError(res, 503, "io_error", st.message());
    case C::kCorrupt: return SendError(res, 500, "corrupt", st.message());
    default: return SendError(res, 500, "internal", st.message());
  }
}

std::string IngestNameFor(const httplib::Request& req) {
  if (req.has_param("name")) {
    // Only the file name's extension matters to the engine's format sniffing.
    std::string n = req.get_param_value("name");
    auto slash = n.find_last_of('/');
    if (slash != std::string::npos) n = n.substr(slash + 1);
    if (!n.empty() && n.size() < 200) return "api:" + n;
  }
  std::string ct = req.get_header_value("Content-Type");
  if (ct.find("html") != std::string::npos) return "api:post.html";
  if (ct.find("ndjson") != std::string::npos || ct.find("jsonl") != std::string::npos) return "api:post.jsonl";
  if (ct.find("json") != std::string::npos) return "api:post.json";
  if (ct.find("xml") != std::string::npos) return "api:post.xml";
  return "api:post.txt";
}

// httplib sets SO_REUSEPORT, which lets a second server silently share a
// busy port; probe with a plain socket first so "address in use" is reported.
bool PortIsFree(const std::string& host, int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) return true;  // let httplib resolve names
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return true;
  int yes = 1;  // TIME_WAIT from a previous run is fine; a live listener is not
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return free;
}

}  // namespace

struct Server::Impl {
  engine::Engine* engine;
  ServerOptions opt;
  httplib::Server http;
  std::thread thread;
  std::atomic<int> port{0};
  std::atomic<bool> bound{false};
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  Impl(engine::Engine* e, ServerOptions o) : engine(e), opt(std::move(o)) { Routes(); }

  // Every handler body runs through Guard so no exception reaches httplib.
  template <typename F>
  auto Guard(F f) {
    return [f](const httplib::Request& req, httplib::Response& res) {
      try {
        f(req, res);
      } catch (const std::exception& e) {
        SendError(res, 500, "internal", std::string("unexpected failure: ") + e.what());
      } catch (...) {
        SendError(res, 500, "internal", "unexpected failure");
      }
    };
  }

  void Routes() {
    int threads = opt.threads > 0 ? opt.threads : 8;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    http.set_read_timeout(opt.read_timeout_seconds, 0);
    http.set_write_timeout(opt.write_timeout_seconds, 0);
    http.set_keep_alive_timeout(5);
    // httplib writes headers and body separately: with Nagle on, the body waits
    // for the client's delayed ACK (~40 ms per keep-alive request under wrk).
    http.set_tcp_nodelay(true);
    http.set_keep_alive_max_count(1000);
    http.set_payload_max_length(opt.max_body_bytes);

    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a handler already wrote a JSON error
      if (res.status == 413)
        SendError(res, 413, "payload_too_large", "request body exceeds the server's limit");
      else if (res.status == 404)
        SendError(res, 404, "not_found", "no such resource: " + req.path);
      else if (res.status == 400)
        SendError(res, 400, "bad_request", "malformed HTTP request");
      else
        SendError(res, res.status, "http_" + std::to_string(res.status), "request failed");
    });
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      SendError(res, 500, "internal", "unexpected failure");
    });
    http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      res.set_header("X-Content-Type-Options", "nosniff");
      if (req.path.rfind("/api/", 0) == 0) res.set_header("Cache-Control", "no-store");
    });

    http.Get("/api/health", Guard([this](const httplib::Request&, httplib::Response& res) {
      auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
      json j = {{"status", "ok"}, {"version", "0.1.0"}, {"uptime_seconds", uptime.count()}};
      auto st = engine->GetStats();
      if (st.ok()) {
        j["articles"] = st->articles;
        j["last_seq"] = st->last_seq;
        j["indexed_seq"] = st->indexed_seq;
      } else {
        j["status"] = "degraded";
        j["problem"] = st.status().message();
      }
      SendJson(res, 200, j);
    }));

    http.Get("/api/search", Guard([this](const httplib::Request& req, httplib::Response& res) {
      auto parsed = ParseSearchParams(req.params);
      if (!parsed.ok()) return SendStatus(res, parsed.status());
      auto r = engine->Search(*parsed);
      if (!r.ok()) {
        // The engine's query parser names positions within q.
        if (r.status().code() == Status::Code::kInvalid)
          return SendError(res, 400, "bad_query", r.status().message());
        return SendStatus(res, r.status());
      }
      SendJson(res, 200, SearchResultJson(*parsed, *r));
    }));

    http.Get(R"(/api/articles/([^/]+))", Guard([this](const httplib::Request& req, httplib::Response& res) {
      std::string id = req.matches[1];
      if (id.empty() || id.size() > 64 || id.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
        return SendError(res, 404, "not_found", "no article with id '" + id.substr(0, 64) + "'");
      auto a = engine->GetArticle(id);
      if (!a.ok()) {
        if (a.status().code() == Status::Code::kNotFound || a.status().code() == Status::Code::kInvalid)
          return SendError(res, 404, "not_found", "no article with id '" + id + "'");
        return SendStatus(res, a.status());
      }
      json j = ArticleJson(*a, true);
      json copies = json::array(), related = json::array();
      if (auto c = engine->Copies(a->id); c.ok())
        for (const auto& x : *c) copies.push_back(ArticleJson(x, false));
      if (auto r = engine->Related(a->id); r.ok())
        for (const auto& x : *r) related.push_back(ArticleJson(x, false));
      j["copies"] = std::move(copies);
      j["related"] = std::move(related);
      SendJson(res, 200, {{"article", std::move(j)}});
    }));

    http.Get("/api/outlets", Guard([this](const httplib::Request&, httplib::Response& res) {
      auto st = engine->GetStats();
      if (!st.ok()) return SendStatus(res, st.status());
      SendJson(res, 200, OutletsJson(*st));
    }));

    http.Get("/api/stats", Guard([this](const httplib::Request&, httplib::Response& res) {
      auto st = engine->GetStats();
      if (!st.ok()) return SendStatus(res, st.status());
      SendJson(res, 200, StatsJson(*st));
    }));

    http.Get("/api/feeds", Guard([this](const httplib::Request&, httplib::Response& res) {
      std::vector<FeedHealth> feeds;
      if (opt.feeds) feeds = opt.feeds();
      json j = FeedsJson(feeds);
      j["watching"] = static_cast<bool>(opt.feeds);
      SendJson(res, 200, j);
    }));

    http.Get("/api/openapi.json", Guard([](const httplib::Request&, httplib::Response& res) {
      res.status = 200;
      res.set_content(OpenApiJson(), kJson);
    }));

    http.Post("/api/ingest", Guard([this](const httplib::Request& req, httplib::Response& res) {
      if (opt.api_token.empty())
        return SendError(res, 403, "forbidden", "ingest over HTTP is disabled: the server has no API token");
      if (!BearerMatches(req.get_header_value("Authorization"), opt.api_token)) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"riwaya\"");
        return SendError(res, 401, "unauthorized", "missing or wrong bearer token");
      }
      if (req.body.empty()) return SendError(res, 400, "bad_request", "body: position 0: empty document");
      auto r = engine->IngestBytes(req.body, IngestNameFor(req));
      if (!r.ok()) return SendStatus(res, r.status());
      json j = IngestReportJson(*r);
      SendJson(res, r->added > 0 ? 201 : 200, j);
    }));

    // Anything else under /api/ is a JSON 404, never the web app.
    http.Get(R"(/api/.*)", Guard([](const httplib::Request& req, httplib::Response& res) {
      SendError(res, 404, "not_found", "no such endpoint: " + req.path);
    }));

    http.Get(R"(/.*)", Guard([this](const httplib::Request& req, httplib::Response& res) {
      if (opt.web_root.empty()) return SendError(res, 404, "not_found", "no web root configured");
      auto f = ResolveStatic(opt.web_root, req.path);
      if (!f.ok()) {
        if (f.status().code() == Status::Code::kInvalid) return SendError(res, 403, "forbidden", f.status().message());
        return SendError(res, 404, "not_found", f.status().message());
      }
      std::ifstream in(f->path, std::ios::binary);
      if (!in) return SendError(res, 404, "not_found", "cannot read " + req.path);
      std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      res.set_header("Cache-Control", f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
      res.status = 200;
      res.set_content(std::move(body), f->content_type);
    }));
  }
};

Server::Server(engine::Engine* engine, ServerOptions options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {}

Server::~Server() { Stop(); }

Status Server::Bind() {
  if (impl_->bound) return Status::Ok();
  int p = -1;
  try {
    if (impl_->opt.port == 0) {
      p = impl_->http.bind_to_any_port(impl_->opt.host);
    } else if (PortIsFree(impl_->opt.host, impl_->opt.port) &&
               impl_->http.bind_to_port(impl_->opt.host, impl_->opt.port)) {
      p = impl_->opt.port;
    }
  } catch (const std::exception& e) {
    return Status::IoError(std::string("bind: ") + e.what());
  }
  if (p <= 0)
    return Status::IoError("cannot listen on " + impl_->opt.host + ":" + std::to_string(impl_->opt.port) +
                           " (address in use or not permitted)");
  impl_->port = p;
  impl_->bound = true;
  return Status::Ok();
}

Status Server::Run() {
  RIWAYA_RETURN_IF_ERROR(Bind());
  bool ok = false;
  try {
    ok = impl_->http.listen_after_bind();
  } catch (const std::exception& e) {
    return Status::IoError(std::string("serve: ") + e.what());
  }
  return ok ? Status::Ok() : Status::IoError("server stopped with an error");
}

Status Server::Start() {
  RIWAYA_RETURN_IF_ERROR(Bind());
  impl_->thread = std::thread([this] { (void)Run(); });
  for (int i = 0; i < 500 && !impl_->http.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return impl_->http.is_running() ? Status::Ok() : Status::IoError("server did not start");
}

void Server::Stop() {
  if (!impl_) return;
  impl_->http.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int Server::port() const { return impl_->port; }

}  // namespace riwaya::server
