-- load.lua: the read load of the fault suite (tests/faults/lib.sh). Each
-- request takes the next path of SDB_LOAD_PATHS (separated by spaces) with
-- a unique _nc parameter, so nginx's 1 s microcache never answers and every
-- request reaches a program (which ignores the parameter: its page cache in
-- Redis still serves it). Prints wrk's summary as tools/bench-wrk.lua does.
dofile(os.getenv("SDB_ROOT") .. "/tools/bench-wrk.lua")

local paths = {}
for path in string.gmatch(os.getenv("SDB_LOAD_PATHS") or "/", "%S+") do
  paths[#paths + 1] = path
end
local n = 0
local salt = 0

setup = function(thread)
  salt = salt + 1
  thread:set("salt", salt)
end

request = function()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  local sep = string.find(path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", path .. sep .. "_nc=" .. (salt or 0) .. "x" .. n)
end
