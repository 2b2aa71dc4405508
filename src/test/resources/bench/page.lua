-- wrk script of mvn -Pbench: GET <path> again and again with Accept: application/json and, when given, one more
-- request header (Cache-Control: no-cache makes the server build the page instead of answering it from the cache).
-- Arguments: path [header-name header-value]
function init(args)
  path = args[1]
  headers = {}
  headers["Accept"] = "application/json"
  if args[2] ~= nil and args[2] ~= "" then
    headers[args[2]] = args[3]
  end
end

function request()
  return wrk.format("GET", path, headers)
end
