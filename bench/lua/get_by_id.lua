dofile(os.getenv("LUA_DIR") .. "/common.lua")
init = function(args) math.randomseed(tonumber(seed or 1)) end
-- 1 000 hot records: what a cache would be for; uncached runs read them from PostgreSQL every time
request = function() return wrk.format("GET", "/api/products/" .. math.random(1, 1000) .. "/", common.headers) end
