dofile(os.getenv("LUA_DIR") .. "/common.lua")
-- The soak's request mix: 60% GET by id, 20% filtered list, 10% create, 10% PATCH; each connection
-- paced by DELAY_MS (common.lua), so the rate is bounded whatever the server's speed
local counter = 0
init = function(args) math.randomseed(tonumber(seed or 1)) end
local function with(extra)
  local headers = {}
  for k, v in pairs(common.headers) do headers[k] = v end
  for k, v in pairs(extra) do headers[k] = v end
  return headers
end
request = function()
  local pick = math.random(1, 10)
  if pick <= 6 then
    return wrk.format("GET", "/api/products/" .. math.random(1, 1000) .. "/", common.headers)
  elseif pick <= 8 then
    local low = math.random(0, 990)
    return wrk.format("GET", "/api/products/?unit_price__gte=" .. low .. "&unit_price__lt=" .. (low + 5)
      .. "&ordering=unit_price&page_size=50", common.headers)
  elseif pick == 9 then
    counter = counter + 1
    local sku = string.format("SOAK-%d-%d-%d", os.time(), math.random(1, 1000000000), counter)
    return wrk.format("POST", "/api/products/", with({ ["Content-Type"] = "application/json" }),
      '{"sku": "' .. sku .. '", "name": "Soak part", "unit_price": "4.50", "supplier_id": ' .. math.random(1, 100) .. '}')
  else
    return wrk.format("PATCH", "/api/products/" .. math.random(20001, 100000) .. "/",
      with({ ["Content-Type"] = "application/json", ["If-Match"] = "*" }),
      '{"stock_quantity": ' .. math.random(0, 10000) .. '}')
  end
end
