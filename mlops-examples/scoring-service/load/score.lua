-- wrk script: POST /score for ever new units (so both variants serve), with one credit-g applicant's features.
-- wrk -t1 -c4 -d30s --latency -s mlops-examples/scoring-service/load/score.lua http://localhost:8080
local counter = 0
local features = '{"checking_status":"<0","duration":6,"credit_history":"critical/other existing credit",'
  .. '"purpose":"radio/tv","credit_amount":1169,"savings_status":"no known savings","employment":">=7",'
  .. '"installment_commitment":4,"personal_status":"male single","other_parties":"none","residence_since":4,'
  .. '"property_magnitude":"real estate","age":67,"other_payment_plans":"none","housing":"own",'
  .. '"existing_credits":2,"job":"skilled","num_dependents":1,"own_telephone":"yes","foreign_worker":"yes"}'

request = function()
  counter = counter + 1
  return wrk.format("POST", "/score", {["Content-Type"] = "application/json"},
    '{"unit":"customer-' .. counter .. '","features":' .. features .. '}')
end

response = function(status, headers, body)
  if status ~= 200 then
    error("status " .. status .. ": " .. body)
  end
end
