local paths = {
"/disclosures/?q=%E7%A9%BF%E5%B1%B1%E7%94%B2%E7%89%87",
"/disclosures/?q=%E8%B5%B0%E7%A7%81%E5%86%BB%E5%93%81",
"/disclosures/?q=%E9%87%8F%E5%AD%90%E8%AE%A1%E7%AE%97",
"/disclosures/?q=%E6%B7%B1%E6%B5%B7%E9%B2%B8%E9%B1%BC",
"/disclosures/?q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8",
"/disclosures/?q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8",
"/disclosures/?q=%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A"
}
local n = #paths
local i = 0
function setup(thread) thread:set('offset', math.random(1, n)) end
function init(args) i = tonumber(offset) or 0 end
function request()
  i = i + 1
  return wrk.format('GET', paths[(i % n) + 1])
end
