-- unique-reports.lua: a wrk script that posts ConfigMgr fallback status point Reports (the shape of
-- ../shared/samples/fsp-client-deployment-succeeded.xml), each from a client of its own, so every message is a new
-- row for state-ingest (a fixed body would be one message stored once and duplicates dropped).
-- Script arguments (after "--" on the wrk command line):
--   RUN MESSAGES_PER_REPORT BASE_EPOCH_SECONDS
-- RUN (1..4294967295) makes this run's client IDs its own: GUID:<RUN as 8 hex>-<thread>-4000-8000-<counter>.
-- Each report carries MESSAGES_PER_REPORT client deployment state messages (topic type 800, MessageTime
-- BASE_EPOCH_SECONDS + i seconds): 800/100 ("installing") then 800/400 (succeeded) for the last.
-- At the end it writes "WRKRESULT key=value ..." like ../shared/bench/wrk-ref.lua, with non2xx counted exactly.

local threads = {}
local counter = 0
local prefix, suffix

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local function wmi(epoch)
  return os.date("!%Y%m%d%H%M%S", epoch) .. ".000000+000"
end

function init(args)
  local run = tonumber(args[1])
  local per = tonumber(args[2])
  local base = tonumber(args[3])
  assert(run and per and base and per >= 1, "usage: -- RUN MESSAGES_PER_REPORT BASE_EPOCH_SECONDS")
  local messages = {}
  for i = 1, per do
    local state = (i == per) and 400 or 100
    messages[i] = '<StateMessage MessageTime="' .. wmi(base + i) .. '"><Topic ID="{1FFD119F-4ED5-4C9A-9765-CAACE1E26FD7}"'
      .. ' Type="800" IDType="0" User="" UserSID=""/><State ID="' .. state .. '" Criticality="0"/>'
      .. '<UserParameters Flags="0" Count="3"><Param>5.0.7804.1000</Param><Param>Deployment</Param>'
      .. '<Param>[DP] http://dp01.example.test/SMS_DP_SMSPKG$/CAS00006</Param></UserParameters></StateMessage>'
  end
  prefix = '<?xml version="1.0" encoding="UTF-8"?>\n<Report><ReportHeader><Identification><Machine><ClientInstalled>1</ClientInstalled>'
    .. '<ClientType>1</ClientType><ClientID>GUID:' .. string.format("%08X-%04X-4000-8000-", run, tid)
  suffix = '</ClientID><ClientVersion>5.00.7804.1000</ClientVersion><NetBIOSName>WKS-BENCH</NetBIOSName><CodePage>437</CodePage>'
    .. '<SystemDefaultLCID>1033</SystemDefaultLCID><Priority>5</Priority></Machine></Identification><ReportDetails>'
    .. '<ReportContent>State Message Data</ReportContent><ReportType>Full</ReportType><Date>' .. wmi(base + per) .. '</Date>'
    .. '<Version>1.0</Version><Format>1.0</Format></ReportDetails></ReportHeader><ReportBody>'
    .. table.concat(messages) .. '</ReportBody></Report>'
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/xml"
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, prefix .. string.format("%012X", counter) .. suffix)
end

non2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do
    n = n + (tonumber(t:get("non2xx")) or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "WRKRESULT bytes=%d duration_us=%d requests=%d status_ge400=%d non2xx=%d " ..
    "connect=%d read=%d write=%d timeout=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.bytes, summary.duration, summary.requests, e.status, n,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
