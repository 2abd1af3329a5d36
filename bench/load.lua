-- wrk script for bench/load.sh: cycles through the benchmark query set
-- (bench-work/queries.tsv: "bow<TAB>words" / "phrase<TAB>words") as
-- GET /api/search requests — each bag of words once as AND (the query
-- language's default) and once as OR, each phrase quoted — percent-encoded.
-- Usage: wrk ... -s bench/load.lua URL -- QUERIES.tsv RESULT.json
-- done() writes RESULT.json: requests, errors by kind, latency percentiles,
-- and the first non-2xx responses (status + start of body) for diagnosis.

-- Globals (not locals) where done() must read them through thread:get().
result_path = nil
bad = 0          -- non-2xx seen by this thread
bad_samples = "" -- first few, "status body" separated by newlines
local paths = {}
local next_index = 1

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

-- ASCII letters are lower-cased so a Latin title word such as "OR" can never
-- read as an operator; bench words hold no ASCII punctuation (queries.cpp).
local function clean(words)
  return (words:gsub("%u", string.lower))
end

local function load(path)
  local list = {}
  for line in io.lines(path) do
    local kind, words = line:match("^(%a+)\t(.+)$")
    if kind == "bow" then
      local w = clean(words)
      list[#list + 1] = "/api/search?q=" .. encode(w)
      local ors = {}
      for t in w:gmatch("%S+") do ors[#ors + 1] = t end
      list[#list + 1] = "/api/search?q=" .. encode(table.concat(ors, " OR "))
    elseif kind == "phrase" then
      list[#list + 1] = "/api/search?q=" .. encode('"' .. clean(words) .. '"')
    end
  end
  return list
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_no", thread_count)
  threads[#threads + 1] = thread
end

function init(args)
  result_path = args[2]
  paths = load(args[1])
  if #paths == 0 then error("no queries in " .. tostring(args[1])) end
  -- Threads start at different points of the cycle.
  next_index = ((thread_no or 1) - 1) * math.floor(#paths / 2) % #paths + 1
end

function request()
  local p = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", p)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if bad <= 5 then
      bad_samples = bad_samples .. status .. " " .. string.sub(body or "", 1, 300):gsub("[\r\n]", " ") .. "\n"
    end
  end
end

local function jstr(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local e = summary.errors
  local non2xx, samples = 0, {}
  for _, t in ipairs(threads) do
    non2xx = non2xx + (t:get("bad") or 0)
    local s = t:get("bad_samples") or ""
    for line in s:gmatch("[^\n]+") do samples[#samples + 1] = jstr(line) end
  end
  local secs = summary.duration / 1e6
  local out = string.format(
    '{"requests": %d, "duration_s": %.3f, "requests_per_s": %.1f, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "non2xx_seen": %d}, ' ..
    '"latency_us": {"mean": %.0f, "p50": %d, "p90": %d, "p99": %d, "max": %d}, "bad_samples": [%s]}\n',
    summary.requests, secs, summary.requests / secs, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, non2xx,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(samples, ", "))
  local path = result_path
  if path == nil then
    -- done() runs in the main Lua state, where init() never ran.
    path = threads[1] and threads[1]:get("result_path")
  end
  if path then
    local f = assert(io.open(path, "w"))
    f:write(out)
    f:close()
  end
  io.write(out)
end
