dofile(os.getenv("LUA_DIR") .. "/common.lua")
request = function() return wrk.format("GET", "/health/live", { ["Accept"] = "application/json" }) end
