-- wrk script of mvn -Pbench: GET <path> again and again, with If-None-Match: <etag> when an etag is given
-- (a revalidation the server answers 304), without it otherwise (the full cached response).
-- Arguments: path [etag]
function init(args)
  path = args[1]
  headers = {}
  if args[2] ~= nil and args[2] ~= "" then
    headers["If-None-Match"] = args[2]
  end
end

function request()
  return wrk.format("GET", path, headers)
end
