// The OpenAPI 3.0 description of the riwaya HTTP API; kept beside the routes
// in server.cpp and checked by tests/server/openapi_test.cpp.
#include <nlohmann/json.hpp>

#include "server/server.h"

namespace riwaya::server {

using nlohmann::json;

namespace {

json Param(const char* name, const char* in, const char* type, const char* desc, bool required = false) {
  return {{"name", name}, {"in", in}, {"required", required}, {"description", desc}, {"schema", {{"type", type}}}};
}

json Ref(const char* name) { return {{"$ref", std::string("#/components/schemas/") + name}}; }

json JsonResponse(const char* desc, const char* schema) {
  return {{"description", desc}, {"content", {{"application/json", {{"schema", Ref(schema)}}}}}};
}

json ErrorResponse(const char* desc) { return JsonResponse(desc, "Error"); }

}  // namespace

std::string OpenApiJson() {
  json search_params = json::array({
      Param("q", "query", "string", "Query (docs/query.md). Max 1000 bytes, UTF-8."),
      Param("outlet", "query", "string", "Only this outlet (exact name)."),
      Param("category", "query", "string", "Only this category (exact name)."),
      Param("from", "query", "string", "First day, YYYY-MM-DD (UTC) or epoch seconds; inclusive."),
      Param("to", "query", "string", "Last day, YYYY-MM-DD (UTC) or epoch seconds; inclusive."),
      Param("sort", "query", "string", "relevance (default) or date (newest first)."),
      Param("limit", "query", "integer", "Hits per page, 1..100, default 10."),
      Param("offset", "query", "integer", "Hits to skip, default 0."),
      Param("histogram", "query", "string", "Histogram bucket: day, week or month (default)."),
  });
  json spans = {{"type", "array"},
                {"description", "[begin, end) pairs in UTF-16 code units of the text they belong to"},
                {"items", {{"type", "array"}, {"items", {{"type", "integer"}}}, {"minItems", 2}, {"maxItems", 2}}}};
  json date = {{"type", "object"},
               {"properties",
                {{"known", {{"type", "boolean"}}},
                 {"epoch", {{"type", "integer"}}},
                 {"iso", {{"type", "string"}}},
                 {"date_only", {{"type", "boolean"}}},
                 {"original", {{"type", "string"}, {"description", "the date as written in the source"}}},
                 {"source", {{"type", "string"}, {"description", "where the date was found"}}}}}};
  json summary = {{"type", "object"},
                  {"properties",
                   {{"id", {{"type", "string"}}},
                    {"seq", {{"type", "integer"}}},
                    {"outlet", {{"type", "string"}}},
                    {"credit", {{"type", "string"}}},
                    {"url", {{"type", "string"}}},
                    {"title", {{"type", "string"}}},
                    {"category", {{"type", "string"}}},
                    {"published", Ref("Date")}}}};
  json facet = {{"type", "array"},
                {"items", {{"type", "object"}, {"properties", {{"value", {{"type", "string"}}}, {"count", {{"type", "integer"}}}}}}}};
  json doc = {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "riwaya API"},
        {"version", "0.1.0"},
        {"description", "Arabic news observatory: search, articles, outlets, feeds and ingest. "
                        "Errors are {error:{code,message[,position,parameter]}}."}}},
      {"paths",
       {{"/api/search",
         {{"get",
           {{"summary", "Search articles"},
            {"parameters", search_params},
            {"responses",
             {{"200", JsonResponse("hits, facets and histogram", "SearchResult")},
              {"400", ErrorResponse("bad parameter or query; position names the byte offset")},
              {"501", ErrorResponse("search not available in this build")}}}}}}},
        {"/api/articles/{id}",
         {{"get",
           {{"summary", "One article with credit, date provenance, related articles and copies"},
            {"parameters", json::array({Param("id", "path", "string", "hex id or sequence number", true)})},
            {"responses",
             {{"200", JsonResponse("the article", "ArticleEnvelope")}, {"404", ErrorResponse("no such article")}}}}}}},
        {"/api/outlets",
         {{"get", {{"summary", "Outlets with article counts per month"},
                   {"responses", {{"200", JsonResponse("outlets", "Outlets")}}}}}}},
        {"/api/stats", {{"get", {{"summary", "Archive totals"}, {"responses", {{"200", JsonResponse("totals", "Stats")}}}}}}},
        {"/api/feeds",
         {{"get", {{"summary", "Health of followed feeds (empty when not watching)"},
                   {"responses", {{"200", JsonResponse("feeds", "Feeds")}}}}}}},
        {"/api/health",
         {{"get", {{"summary", "Liveness and index state"}, {"responses", {{"200", JsonResponse("health", "Health")}}}}}}},
        {"/api/ingest",
         {{"post",
           {{"summary", "Ingest one document: page text, HTML, JSON/JSON Lines or a feed"},
            {"security", json::array({{{"bearer", json::array()}}})},
            {"parameters", json::array({Param("name", "query", "string", "file name hint, e.g. page.html")})},
            {"requestBody",
             {{"required", true},
              {"content",
               {{"text/plain", {{"schema", {{"type", "string"}}}}},
                {"text/html", {{"schema", {{"type", "string"}}}}},
                {"application/json", {{"schema", {{"type", "object"}}}}},
                {"application/x-ndjson", {{"schema", {{"type", "string"}}}}}}}}},
            {"responses",
             {{"201", JsonResponse("new articles stored", "IngestReport")},
              {"200", JsonResponse("nothing new", "IngestReport")},
              {"400", ErrorResponse("empty or unreadable document")},
              {"401", ErrorResponse("missing or wrong bearer token")},
              {"403", ErrorResponse("ingest disabled")},
              {"413", ErrorResponse("body too large")}}}}}}},
        {"/api/openapi.json",
         {{"get", {{"summary", "This document"}, {"responses", {{"200", {{"description", "OpenAPI 3.0"}}}}}}}}}}},
      {"components",
       {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas",
         {{"Error",
           {{"type", "object"},
            {"properties",
             {{"error",
               {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", {{"type", "string"}}},
                  {"position", {{"type", "integer"}}},
                  {"parameter", {{"type", "string"}}}}}}}}}}},
          {"Date", date},
          {"Spans", spans},
          {"ArticleSummary", summary},
          {"SearchResult",
           {{"type", "object"},
            {"properties",
             {{"total", {{"type", "integer"}}},
              {"micros", {{"type", "integer"}}},
              {"query", {{"type", "object"}}},
              {"hits",
               {{"type", "array"},
                {"items",
                 {{"allOf",
                   json::array({Ref("ArticleSummary"),
                                {{"type", "object"},
                                 {"properties",
                                  {{"score", {{"type", "number"}}},
                                   {"copies", {{"type", "integer"}}},
                                   {"title_spans", Ref("Spans")},
                                   {"snippet",
                                    {{"type", "object"},
                                     {"properties", {{"text", {{"type", "string"}}}, {"spans", Ref("Spans")}}}}}}}}})}}}}},
              {"facets", {{"type", "object"}, {"properties", {{"outlet", facet}, {"category", facet}}}}},
              {"histogram",
               {{"type", "object"},
                {"properties",
                 {{"interval", {{"type", "string"}}},
                  {"buckets",
                   {{"type", "array"},
                    {"items",
                     {{"type", "object"},
                      {"properties", {{"start", {{"type", "string"}}}, {"count", {{"type", "integer"}}}}}}}}}}}}}}}}},
          {"ArticleEnvelope",
           {{"type", "object"},
            {"properties",
             {{"article",
               {{"allOf",
                 json::array({Ref("ArticleSummary"),
                              {{"type", "object"},
                               {"properties",
                                {{"paragraphs", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                 {"abstract", {{"type", "string"}}},
                                 {"author", {{"type", "string"}}},
                                 {"canonical_url", {{"type", "string"}}},
                                 {"links", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                                 {"related_to", {{"type", "string"}, {"nullable", true}}},
                                 {"origin", {{"type", "object"}}},
                                 {"copies", {{"type", "array"}, {"items", Ref("ArticleSummary")}}},
                                 {"related", {{"type", "array"}, {"items", Ref("ArticleSummary")}}}}}}})}}}}}}},
          {"Outlets", {{"type", "object"}, {"properties", {{"outlets", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}},
          {"Stats", {{"type", "object"}}},
          {"Feeds",
           {{"type", "object"},
            {"properties", {{"watching", {{"type", "boolean"}}}, {"feeds", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}},
          {"Health", {{"type", "object"}}},
          {"IngestReport", {{"type", "object"}}}}}}}};
  return doc.dump(2);
}

}  // namespace riwaya::server
