dofile(os.getenv("LUA_DIR") .. "/common.lua")
local counter = 0
init = function(args) math.randomseed(tonumber(seed or 1)) end
request = function()
  counter = counter + 1
  local headers = { ["Content-Type"] = "application/json" }
  for k, v in pairs(common.headers) do headers[k] = v end
  local sku = string.format("BENCH-%d-%d-%d", os.time(), math.random(1, 1000000000), counter)
  local body = '{"sku": "' .. sku .. '", "name": "Bench part", "unit_price": "9.99", "supplier_id": '
    .. math.random(1, 100) .. '}'
  return wrk.format("POST", "/api/products/", headers, body)
end
