dofile(os.getenv("LUA_DIR") .. "/common.lua")
init = function(args) math.randomseed(tonumber(seed or 1)) end
-- If-Match "*" takes the precondition path without a read first; concurrent writers on one record
-- would otherwise race for versions and count as errors
request = function()
  local headers = { ["Content-Type"] = "application/json", ["If-Match"] = "*" }
  for k, v in pairs(common.headers) do headers[k] = v end
  return wrk.format("PATCH", "/api/products/" .. math.random(20001, 100000) .. "/", headers,
    '{"stock_quantity": ' .. math.random(0, 10000) .. '}')
end
