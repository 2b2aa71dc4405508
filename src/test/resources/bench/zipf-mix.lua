-- wrk script of mvn -Pbench: a Zipf-distributed mix of reads and writes of products.
-- Rank k (1..n) is requested with probability proportional to 1 / k^s and maps to product id first + k - 1.
-- A share `writes` of the requests are PUT /api/products/<id> with the benchmark's product body, the rest GETs.
-- Every response status is counted; done() prints "status <code> <count>" lines for the suite, then the p95, p97,
-- p98 and p99.9 and the slowest request.
-- Arguments: prefix first n s writes categoryId [suffix] (a GET asks for prefix .. id .. suffix)
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

function init(args)
  prefix = args[1]
  first = tonumber(args[2])
  n = tonumber(args[3])
  local s = tonumber(args[4])
  writes = tonumber(args[5])
  category = args[6]
  suffix = args[7] or ""
  math.randomseed(104729 * number + os.time())
  cdf = {}
  local sum = 0
  for k = 1, n do
    sum = sum + 1 / k ^ s
    cdf[k] = sum
  end
  for k = 1, n do
    cdf[k] = cdf[k] / sum
  end
  statuses = {}
  headers = { ["Content-Type"] = "application/json" }
end

local function rank()
  local u = math.random()
  local lo, hi = 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then
      lo = mid + 1
    else
      hi = mid
    end
  end
  return lo
end

function request()
  local id = first + rank() - 1
  if math.random() < writes then
    local body = string.format(
      '{"name":"Benchmark product %d","description":"A product of the benchmark catalog","price":"19.99","categoryId":%s}',
      id, category)
    return wrk.format("PUT", prefix .. id, headers, body)
  end
  return wrk.format("GET", prefix .. id .. suffix)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      total[code] = (total[code] or 0) + count
    end
  end
  for code, count in pairs(total) do
    io.write(string.format("status %d %d\n", code, count))
  end
  -- The tail that wrk --latency leaves out: a reload paid by one request in a thousand shows here. wrk has corrected
  -- these for coordinated omission by now: a request slower than twice the mean interval between a connection's
  -- requests counts with the ones an open-loop client would have sent meanwhile, so one stall of 200 ms weighs
  -- about 200 ms / that interval samples, spread from 200 ms down (README, "Where it pays: a slow loader").
  io.write(string.format("latency p95 %.2fms p97 %.2fms p98 %.2fms p99.9 %.2fms max %.2fms\n",
    latency:percentile(95) / 1000, latency:percentile(97) / 1000, latency:percentile(98) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
