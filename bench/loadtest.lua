-- wrk script for bench/loadtest.sh: mixed read and write API traffic over the
-- whole scaled demo, as logged-in users.
--
-- The data file (first script argument, written by loadtest.sh after it has
-- logged in with curl) holds one record a line:
--   session COOKIE CSRF ROLE     a live session (ROLE: admin or organizer)
--   meeting ID | item ID | material ID | team ID
-- Items are open ones (todo/doing), so a progress note is a valid write.
--
-- Mix per request: 80% reads (ledger 25, meeting status 15, material 15,
-- item with notes 10, a team's opinions 10, a team's meetings 5) and 20%
-- writes (a progress note on a ledger item, or an opinion on a meeting).
-- Each thread uses one session; threads alternate between the sessions.
-- response() counts statuses by kind; done() prints one machine-readable
-- line "LOADTEST key=value ..." that loadtest.sh parses.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local data = { meeting = {}, item = {}, material = {}, team = {}, session = {} }
local cookie, csrf, role
local codes = {}
local seq = 0

function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    local kind, a, b, c = line:match("^(%S+)%s+(%S+)%s*(%S*)%s*(%S*)")
    if kind == "session" then
      table.insert(data.session, { a, b, c })
    elseif kind and data[kind] then
      table.insert(data[kind], a)
    end
  end
  f:close()
  local s = data.session[((tid - 1) % #data.session) + 1]
  cookie, csrf, role = s[1], s[2], s[3]
  math.randomseed(tid * 7919)
end

local function pick(list) return list[math.random(#list)] end

local function get(path)
  return wrk.format("GET", path, { ["Cookie"] = "mj_session=" .. cookie })
end

local function post(path, body)
  return wrk.format("POST", path, {
    ["Cookie"] = "mj_session=" .. cookie,
    ["X-CSRF-Token"] = csrf,
    ["Content-Type"] = "application/json",
  }, body)
end

function request()
  local r = math.random(100)
  seq = seq + 1
  if r <= 25 then
    return get("/api/v1/meetings/" .. pick(data.meeting) .. "/ledger")
  elseif r <= 40 then
    return get("/api/v1/meetings/" .. pick(data.meeting) .. "/status")
  elseif r <= 55 then
    return get("/api/v1/materials/" .. pick(data.material))
  elseif r <= 65 then
    return get("/api/v1/items/" .. pick(data.item))
  elseif r <= 75 then
    return get("/api/v1/records/opinion?meeting_id=" .. pick(data.meeting) .. "&limit=20")
  elseif r <= 80 then
    return get("/api/v1/records/meeting?team_id=" .. pick(data.team))
  elseif r <= 90 and role == "admin" then
    return post("/api/v1/items/" .. pick(data.item) .. "/notes",
      '{"kind":"progress","text":"压测进展记录 t' .. tid .. '-' .. seq .. '：已按计划推进。"}')
  else
    return post("/api/v1/records/opinion",
      '{"meeting_id":' .. pick(data.meeting) .. ',"channel":"form","text":"压测意见 t' .. tid .. '-' .. seq ..
      '：希望进一步改进工作作风。"}')
  end
end

-- Reads answer 200, writes 201 (created), a conflict 409; any other status
-- is an error. Each thread keeps a count per status (thread:set "cNNN").
function response(status, headers, body)
  local n = (codes[status] or 0) + 1
  codes[status] = n
  wrk.thread:set("c" .. status, n)
end

function done(summary, latency, requests)
  local total, cl = {}, {}
  for _, t in ipairs(threads) do
    for code = 100, 599 do
      local v = t:get("c" .. code)
      if v then total[code] = (total[code] or 0) + v end
    end
  end
  local read_ok, write_ok, conflict, other = 0, 0, 0, 0
  for code = 100, 599 do
    local v = total[code]
    if v then
      table.insert(cl, code .. ":" .. v)
      if code == 201 then write_ok = write_ok + v
      elseif code >= 200 and code < 300 then read_ok = read_ok + v
      elseif code == 409 then conflict = conflict + v
      else other = other + v end
    end
  end
  local e = summary.errors
  io.write(string.format(
    "LOADTEST requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "read_ok=%d write_ok=%d conflict=%d other=%d connect=%d read=%d write=%d timeout=%d status=%d codes=%s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, read_ok, write_ok, conflict, other,
    e.connect, e.read, e.write, e.timeout, e.status, table.concat(cl, ",")))
end
