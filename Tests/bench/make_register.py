#!/usr/bin/env python3
"""Writes a province's register as Excel would (openpyxl: shared strings, deflate) for the import
benchmark: about 5,000 organizations (province, 16 cities, 10 counties each, 5 street committees
each, 5 branches each) and MEMBERS members spread over the branches.
Usage: make_register.py OUT_DIR [MEMBERS=200000]"""
import os
import sys

import openpyxl

out = sys.argv[1]
members = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
os.makedirs(out, exist_ok=True)

ORG_HEADERS = ["党组织统一编码代码", "上级党组织统一编码代码", "党组织名称", "简称", "组织类别", "党组织书记", "党组织联系人", "联系电话",
               "介绍信抬头", "通讯地址", "传真", "邮编", "所在单位统一社会信用代码", "可转接", "全国转接权限", "省内转接权限", "自动审批"]
MEMBER_HEADERS = ["姓名", "公民身份证号", "民族", "学历", "人员类别", "所在党支部统一编码代码", "加入党组织日期", "转正时间", "工作岗位",
                  "联系电话", "家庭住址", "党籍状态", "是否为失联党员", "是否流动党员", "党费交至", "性别", "出生日期"]


def org(code, parent, name, category, phone, letterhead="", committee=False, national="否", provincial="否"):
    address, fax, postcode = ("山东省济南市某路%s号" % code[-4:], "0531-8%07d" % (int(code) % 10_000_000), "250001") if committee else ("", "", "")
    return [code, parent, name, "", category, "", "联系人", phone, letterhead, address, fax, postcode, "", "是", national, provincial, "是"]


book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("党组织")
sheet.append(ORG_HEADERS)
branches = []
sheet.append(org("37", "", "中共山东省委", "1", "0531-86000000", "中共山东省委组织部", True, "是", "是"))
for c in range(1, 17):
    city = "37%02d" % c
    sheet.append(org(city, "37", "中共第%d市委" % c, "1", "0531-8600%04d" % c, "中共第%d市委组织部" % c, False, "是", "是"))
    for k in range(1, 11):
        county = city + "%02d" % k
        sheet.append(org(county, city, "中共第%d市第%d县委" % (c, k), "1", "0531-861%05d" % int(county[2:]), "中共第%d市第%d县委组织部" % (c, k), False, "否", "是"))
        for s in range(1, 6):
            street = county + "%02d" % s
            sheet.append(org(street, county, "中共%s街道工作委员会" % street, "611", "0531-862%05d" % (int(street) % 100000), "", True))
            for b in range(1, 6):
                branch = street + "%02d" % b
                branches.append(branch)
                sheet.append(org(branch, street, "中共%s支部委员会" % branch, "631", "136%08d" % (int(branch) % 100_000_000)))
book.save(os.path.join(out, "organizations.xlsx"))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边辜吉饶刁瞿戚丘古米池滕晋苑邬臧畅宫来嵺苟全褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦迟宇敖糜鄢冷卓花艾蓝都巩稽井练仲乐虞卞封竺冼原官衣楚佟栗匡宗应台巫鞠僖桑荆谌银扬明沙薄伏岑习胥保和蔺"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("党员")
sheet.append(MEMBER_HEADERS)
for n in range(members):
    year, month, day = 1950 + n % 50, 1 + (n // 50) % 12, 1 + (n // 600) % 28
    body = "370102%04d%02d%02d%03d" % (year, month, day, (n // 16_800) % 1000)
    id_number = body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]
    name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n // 7) % len(GIVEN)] + ("" if n % 3 == 0 else GIVEN[(n // 3) % len(GIVEN)])
    probationary = n % 11 == 0
    joined = "%04d-%02d-%02d" % (year + 25, month, day)
    sheet.append([name, id_number, "汉族" if n % 17 else "回族", "大学本科", "预备党员" if probationary else "正式党员", branches[n % len(branches)],
                  joined, "" if probationary else "%04d-%02d-%02d" % (year + 26, month, day), ["在岗职工", "农牧渔民", "学生", "离退休人员", "其他"][n % 5],
                  "139%08d" % n, "山东省济南市历下区某路%d号" % (n % 1000), "正常", "否", "否", "2026-10", "", ""])
book.save(os.path.join(out, "members.xlsx"))
print("%d organizations, %d members in %s" % (1 + 16 + 160 + 800 + len(branches), members, out))
