import Foundation

extension Letter {
    /// The demo letter of the JSON contract, as JSON text: what `letters demo` writes and what
    /// tests and benchmarks start from.
    public static let sampleJSON = """
        {
          "number": "201706000027006777",
          "addressee": "中共济南市委组织部",
          "member": {
            "name": "刘忠鹏", "idNumber": "37011119621019441X",
            "ethnicity": "汉族", "category": "正式", "phone": "13606406636"
          },
          "from": "中共山东电力设备有限公司管理党支部",
          "to": "中共山东省委省直机关工作委员会机关党支部",
          "duesPaidUpTo": "2017-03",
          "validityDays": 15,
          "issuedOn": "2017-06-16",
          "basicCommittee": {
            "address": "济南市机一西厂路3号", "phone": "0531-85859202",
            "fax": "0531-85859888", "postcode": "250022"
          },
          "receiptAddressee": "中共山东电力设备有限公司委员会"
        }

        """

    /// The demo letter, decoded.
    public static var sample: Letter {
        // The sample is a constant checked by the tests; failing here is a programming error.
        try! decode(json: Data(sampleJSON.utf8))
    }
}
