#!/usr/bin/env python3
"""Web security in headless Chromium: stores script payloads in every free-text field (the
letterhead, a printer name, the reasons of a return and a void, an out-of-province destination's
name and letterhead) and in reflected ones (search boxes, a refused login name), opens
every page that shows them as each role, and asserts that no script ran and no markup came
through; checks the security headers on every page; and posts a form cross-site without the
CSRF token, which must change nothing.

Usage: python3 Tests/browser/security_test.py [path/to/letters]"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import time

from browser_test import PASSWORD, ROOT, chromium, start_server  # same folder
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait



LETTERS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/letters")
SCRIPT = '<script>document.title="pwned"</script>'
IMAGE = '"><img src=x onerror="document.title=\'pwned\'">'
SHOTS = os.path.join(ROOT, "out/screenshots")


def main():
    server, base = start_server(LETTERS, "security")
    checked = []

    def api(method, path, body=None, token=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        data = json.dumps(body).encode() if body is not None else None
        with urllib.request.urlopen(urllib.request.Request(base + path, data=data, method=method, headers=headers)) as answer:
            return json.load(answer)
    try:
        driver = chromium()

        def wait_for(text):
            try:
                WebDriverWait(driver, 20).until(lambda d: text in d.page_source)
            except Exception:
                pass

        def login(name):
            driver.get(base + "/logout")
            driver.find_element(By.NAME, "name").send_keys(name)
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            wait_for("退出")

        def inert(path, shows=None):
            """Opens `path`: no script ran, no injected element exists, the policy forbids scripts;
            and the payload `shows` is there, as text."""
            driver.get(base + path)
            time.sleep(0.2)
            try:
                alert = driver.switch_to.alert
                raise AssertionError(f"{path}: an alert opened: {alert.text}")
            except NoAlertPresentException:
                pass
            assert driver.title != "pwned", f"{path}: a payload ran"
            injected = driver.find_elements(By.CSS_SELECTOR, "script, img[src=x], img[onerror]")
            assert not injected, f"{path}: markup came through: {[e.get_attribute('outerHTML') for e in injected]}"
            cookie = driver.get_cookie("letters_session")
            request = urllib.request.Request(base + path, headers={"Cookie": "letters_session=" + cookie["value"]} if cookie else {})
            try:
                headers = urllib.request.urlopen(request).headers
            except urllib.error.HTTPError as error:
                headers = error.headers
            policy = headers.get("Content-Security-Policy", "")
            assert "script-src 'none'" in policy and "frame-ancestors 'self'" in policy, f"{path}: policy {policy!r}"
            assert headers.get("X-Content-Type-Options") == "nosniff", f"{path}: no nosniff"
            if shows:
                assert shows in driver.find_element(By.TAG_NAME, "main").text, f"{path}: the payload is not shown as text"
            checked.append(path)

        # Stored payloads, as the branch.
        login("admin-B1")
        driver.get(base + "/seal")
        field = driver.find_element(By.NAME, "letterhead")
        field.clear()
        field.send_keys("第一支部" + IMAGE)
        driver.find_element(By.XPATH, "//form[@action='/seal/letterhead']//button").click()
        wait_for("已保存")
        driver.get(base + "/printers")
        driver.find_element(By.NAME, "name").send_keys(SCRIPT)
        driver.find_element(By.XPATH, "//button[contains(., '保存')]").click()
        wait_for("已保存")
        driver.get(base + "/apply?name=" + urllib.parse.quote(SCRIPT))
        member = driver.find_elements(By.CSS_SELECTOR, "a[href^='/apply?member=']")
        driver.get(base + "/history?direction=out")
        driver.get(base + "/api/members?branch=B1")
        members = json.loads(driver.find_element(By.TAG_NAME, "body").text)
        member = next(m for m in members if "active" in json.dumps(m["status"]))
        driver.get(base + "/apply?member=" + member["id"])
        Select(driver.find_element(By.NAME, "to")).select_by_value("B3")
        driver.find_element(By.XPATH, "//button[contains(., '生成转接路径')]").click()
        wait_for("确认发起")
        driver.find_element(By.NAME, "confirmed").click()
        driver.find_element(By.XPATH, "//button[contains(., '确认发起')]").click()
        wait_for("转接日志")
        transfer = driver.current_url.split("?")[0].replace(base, "")
        # Z1 returns it with a payload as the reason.
        login("admin-Z1")
        driver.get(base + transfer)
        Select(driver.find_element(By.CSS_SELECTOR, "select[name=op]")).select_by_value("return")
        driver.find_element(By.NAME, "reason").send_keys(SCRIPT + IMAGE)
        driver.find_element(By.XPATH, "//button[text()='提交']").click()
        wait_for("转接日志")
        inert(transfer, shows=SCRIPT + IMAGE)
        for path in ("/", "/history?direction=out", "/views/mine", "/seal", "/printers"):
            inert(path)
        login("admin-B1")
        inert(transfer, shows=SCRIPT + IMAGE)
        # The branch voids it, a payload again as the reason.
        Select(driver.find_element(By.CSS_SELECTOR, "select[name=op]")).select_by_value("void")
        driver.find_element(By.NAME, "reason").send_keys("作废" + IMAGE)
        driver.find_element(By.XPATH, "//button[text()='提交']").click()
        wait_for("废件")
        inert(transfer, shows="作废" + IMAGE)
        # Out of the province, the destination's name and letterhead are free text (API only).
        token = api("POST", "/api/login", {"name": "admin-B1", "password": PASSWORD})["token"]
        other = next(m for m in api("GET", "/api/members?branch=B1", token=token)
                     if "active" in json.dumps(m["status"]) and m["id"] != member["id"])
        outside = api("POST", "/api/transfers", {"member": other["id"], "outside": "外省党委" + SCRIPT, "letterhead": "组织部" + IMAGE,
                                                 "duesPaidUpTo": time.strftime("%Y-%m"), "type": "转往外省(区、市)"}, token=token)
        inert("/transfers/" + outside["id"], shows="外省党委" + SCRIPT)
        inert("/printers", shows=SCRIPT)
        inert("/history?direction=out&name=" + urllib.parse.quote(SCRIPT))
        inert("/no-such-page/" + urllib.parse.quote(IMAGE), shows=IMAGE)  # the 404 page names the address
        for path in (transfer, "/", "/history?direction=out", "/history?direction=out&name=" + urllib.parse.quote(SCRIPT),
                     "/apply?name=" + urllib.parse.quote(IMAGE), "/views/mine", "/not-reported", "/statistics", "/seal", "/printers",
                     "/archive"):
            inert(path)
        driver.save_screenshot(os.path.join(SHOTS, "security-printers-B1.png"))
        login("auditor")
        inert("/audit", shows=SCRIPT)
        login("admin-JF")
        for path in (transfer, "/transfers/" + outside["id"], "/", "/history?direction=out", "/views/mine", "/statistics", "/archive"):
            inert(path)
        login("security")
        for path in ("/accounts", "/permissions"):
            inert(path)
        # Login names are letters, digits and . _ - only: a payload is refused, shown back as text.
        driver.get(base + "/accounts")
        driver.find_element(By.NAME, "name").send_keys(IMAGE)
        driver.find_element(By.XPATH, "//form[@action='/accounts']//button").click()
        wait_for("登录名")
        inert_here = driver.find_elements(By.CSS_SELECTOR, "script, img[src=x], img[onerror]")
        assert not inert_here and driver.title != "pwned", "the refused account name came through as markup"

        # A cross-site form without the token: the Strict cookie is not sent, nothing changes.
        login("admin-B1")
        page = ("<form method=post action='" + base + "/seal/letterhead'><input name=letterhead value=hacked>"
                "<button id=go>go</button></form>")
        driver.get("data:text/html;charset=utf-8," + urllib.parse.quote(page))
        driver.find_element(By.ID, "go").click()
        time.sleep(1)
        driver.get(base + "/seal")
        assert "hacked" not in driver.page_source, "a cross-site post changed the letterhead"
        # The same post from a script with the cookie but without the token is refused.
        cookie = driver.get_cookie("letters_session")["value"]
        request = urllib.request.Request(base + "/seal/letterhead", data=b"letterhead=hacked", method="POST",
                                         headers={"Cookie": "letters_session=" + cookie,
                                                  "Content-Type": "application/x-www-form-urlencoded"})
        try:
            urllib.request.urlopen(request)
            raise AssertionError("a post without the CSRF token was accepted")
        except urllib.error.HTTPError as error:
            assert error.code == 403, error.code
        driver.get(base + "/seal")
        assert "hacked" not in driver.page_source
        driver.quit()
        print(f"security: 1 passed, 0 failed ({len(checked)} page views inert, cross-site and token-less posts refused)")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
