dofile(os.getenv("LUA_DIR") .. "/common.lua")
local body = '{"username": "' .. os.getenv("BENCH_USER") .. '", "password": "' .. os.getenv("BENCH_PASSWORD") .. '"}'
request = function()
  return wrk.format("POST", "/api/auth/login", { ["Content-Type"] = "application/json" }, body)
end
