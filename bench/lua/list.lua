dofile(os.getenv("LUA_DIR") .. "/common.lua")
init = function(args) math.randomseed(tonumber(seed or 1)) end
request = function()
  local low = math.random(0, 990)
  return wrk.format("GET", "/api/products/?unit_price__gte=" .. low .. "&unit_price__lt=" .. (low + 5)
    .. "&ordering=unit_price&page_size=50", common.headers)
end
