-- wrk script of mvn -Pbench: GET <prefix><id> for an id drawn uniformly from [first, first + count).
-- Arguments: prefix first count
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  prefix = args[1]
  first = tonumber(args[2])
  count = tonumber(args[3])
  math.randomseed(7919 * number + os.time())
end

function request()
  return wrk.format("GET", prefix .. (first + math.random(0, count - 1)))
end
