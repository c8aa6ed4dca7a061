dofile(os.getenv("LUA_DIR") .. "/common.lua")
init = function(args) math.randomseed(tonumber(seed or 1)) end
local words = { "bolt", "washer", "valve", "hinge", "gasket", "bearing" }
request = function()
  return wrk.format("GET", "/api/products/?search=" .. words[math.random(1, #words)] .. "+" .. math.random(100, 999)
    .. "&page_size=50", common.headers)
end
