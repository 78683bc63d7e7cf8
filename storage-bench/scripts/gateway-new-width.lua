-- wrk script: an 800-ish cover crop at a new width on every request, so no variant cache can answer; against
-- `stowage serve` (a store named img holding path.jpg) or, with `-- ipx`, against `ipx serve --dir`:
--   wrk -t2 -c4 -d20s -s gateway-new-width.lua http://127.0.0.1:8080 -- stowage
-- a new width on every request: thread i takes widths 300+i, 302+i, ... (two threads)
local counter = 0
local tid = 0
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
init = function(args)
  prefix = args[1]
end
request = function()
  local w = 300 + tid + 2 * counter
  counter = counter + 1
  local h = math.floor(w * 0.625)
  if prefix == "ipx" then
    return wrk.format("GET", "/s_" .. w .. "x" .. h .. ",fit_cover,f_jpeg,q_80/path.jpg")
  end
  return wrk.format("GET", "/v1/ex/img/path.jpg?w=" .. w .. "&h=" .. h .. "&fit=cover&f=jpeg&q=80")
end
