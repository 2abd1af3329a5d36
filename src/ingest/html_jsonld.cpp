#include "ingest/html_jsonld.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ingest/html_dom.h"

namespace riwaya::ingest::html {
namespace {

// Bracket depth of a JSON text, strings skipped: refuse absurd nesting before parsing.
int JsonDepth(std::string_view s) {
  int depth = 0, max = 0;
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') ++i;
      else if (c == '"') in_str = false;
      continue;
    }
    if (c == '"') in_str = true;
    else if (c == '{' || c == '[') max = std::max(max, ++depth);
    else if (c == '}' || c == ']') --depth;
  }
  return max;
}

std::string JsonText(const nlohmann::json& v) {
  if (v.is_string()) return CollapseSpace(v.get<std::string>());
  if (v.is_object()) {
    if (v.contains("name")) return JsonText(v["name"]);
    if (v.contains("@value")) return JsonText(v["@value"]);
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string s = JsonText(e);
      if (s.empty()) continue;
      if (!out.empty()) out += "، ";
      out += s;
    }
    return out;
  }
  return {};
}

bool TypeMatches(const nlohmann::json& obj, std::string_view needle) {
  if (!obj.contains("@type")) return false;
  const auto& t = obj["@type"];
  auto match = [&](const nlohmann::json& s) {
    return s.is_string() && s.get<std::string>().find(needle) != std::string::npos;
  };
  if (match(t)) return true;
  if (t.is_array()) {
    for (const auto& e : t) {
      if (match(e)) return true;
    }
  }
  return false;
}

void ScanLd(const nlohmann::json& root, LdFacts& out) {
  // Breadth-first over objects and arrays (@graph, nested mainEntity...).
  std::vector<const nlohmann::json*> queue = {&root};
  const nlohmann::json* article = nullptr;
  const nlohmann::json* any_dated = nullptr;
  for (size_t qi = 0; qi < queue.size() && qi < 5000; ++qi) {
    const nlohmann::json& v = *queue[qi];
    if (v.is_array()) {
      for (const auto& e : v) queue.push_back(&e);
      continue;
    }
    if (!v.is_object()) continue;
    if (TypeMatches(v, "BreadcrumbList") && v.contains("itemListElement") && out.breadcrumb.empty()) {
      std::vector<std::pair<int, std::string>> items;
      for (const auto& it : v["itemListElement"]) {
        if (!it.is_object()) continue;
        int pos = it.contains("position") && it["position"].is_number_integer() ? it["position"].get<int>() : 0;
        std::string name = it.contains("name") ? JsonText(it["name"]) : "";
        if (name.empty() && it.contains("item")) name = JsonText(it["item"]);
        if (!name.empty()) items.emplace_back(pos, name);
      }
      std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.first < b.first; });
      for (auto& [p, name] : items) out.breadcrumb.push_back(name);
    }
    bool is_article = TypeMatches(v, "Article") || TypeMatches(v, "BlogPosting") || TypeMatches(v, "ReportageNews");
    if (is_article && !article) article = &v;
    if (!any_dated && v.contains("datePublished")) any_dated = &v;
    for (const auto& [k, child] : v.items()) {
      if (child.is_object() || child.is_array()) queue.push_back(&child);
    }
  }
  const nlohmann::json* a = article ? article : any_dated;
  if (!a) return;
  auto get = [&](const char* key) { return a->contains(key) ? JsonText((*a)[key]) : std::string(); };
  out.headline = get("headline");
  out.date_published = get("datePublished");
  out.author = get("author");
  out.section = get("articleSection");
  if (a->contains("publisher")) out.publisher = JsonText((*a)["publisher"]);
  if (a->contains("url") && (*a)["url"].is_string()) out.url = (*a)["url"].get<std::string>();
  if (out.url.empty() && a->contains("mainEntityOfPage")) {
    const auto& m = (*a)["mainEntityOfPage"];
    if (m.is_string()) out.url = m.get<std::string>();
    else if (m.is_object() && m.contains("@id") && m["@id"].is_string()) out.url = m["@id"].get<std::string>();
  }
}

}  // namespace

LdFacts ParseJsonLd(const std::vector<std::string>& scripts) {
  LdFacts out;
  for (const std::string& s : scripts) {
    if (s.size() > (2u << 20) || JsonDepth(s) > 64) continue;
    try {
      nlohmann::json j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) continue;
      LdFacts one;
      ScanLd(j, one);
      // The first script that knows a field wins; later ones fill the gaps.
      auto fill = [](std::string& dst, std::string& src) { if (dst.empty()) dst = std::move(src); };
      fill(out.headline, one.headline);
      fill(out.date_published, one.date_published);
      fill(out.author, one.author);
      fill(out.publisher, one.publisher);
      fill(out.section, one.section);
      fill(out.url, one.url);
      if (out.breadcrumb.empty()) out.breadcrumb = std::move(one.breadcrumb);
    } catch (const std::exception&) {
      // A type mismatch in a hand-written JSON-LD block: ignore that block.
    }
  }
  return out;
}

}  // namespace riwaya::ingest::html
