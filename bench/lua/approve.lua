-- The approval workflow as a loop: create an order with one line (as the bench user), submit it, approve
-- it (as APPROVER_TOKEN, a second superuser: nobody approves an order they requested). Each thread keeps
-- the ids its responses named and sends the next step of one of them before starting a new order, so
-- about a third of the requests are each of create, submit and approve.
dofile(os.getenv("LUA_DIR") .. "/common.lua")
local approver = os.getenv("APPROVER_TOKEN")
local to_submit = {}
local to_approve = {}
init = function(args) math.randomseed(tonumber(seed or 1)) end

request = function()
  local headers = { ["Content-Type"] = "application/json" }
  for k, v in pairs(common.headers) do headers[k] = v end
  local id = table.remove(to_approve)
  if id then
    headers["Authorization"] = "Bearer " .. approver
    return wrk.format("POST", "/api/purchase-orders/" .. id .. "/approve", headers, '{"comment": "ok"}')
  end
  id = table.remove(to_submit)
  if id then return wrk.format("POST", "/api/purchase-orders/" .. id .. "/submit", headers, "{}") end
  -- product ids of supplier s are s + 100 k (bench/seed.sql)
  local s = math.random(1, 100)
  return wrk.format("POST", "/api/purchase-orders/", headers, '{"supplier_id": ' .. s .. ', "lines": [{"product_id": '
    .. (s + 100 * math.random(0, 999)) .. ', "quantity": "1"}]}')
end

response = function(status, headers, body)
  if status == 201 then
    local id = body:match('"id":(%d+)')
    if id then table.insert(to_submit, id) end
  elseif status == 200 and body:find('"status":"submitted"', 1, true) then
    local id = body:match('"id":(%d+)')
    if id then table.insert(to_approve, id) end
  end
end
