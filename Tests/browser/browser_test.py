#!/usr/bin/env python3
"""Browser test in headless Chromium: log in as a branch administrator, apply out, approve up
the path as the next organization, accept as the destination, download the letter.
Screenshots of every step go to out/screenshots/ (look at them).

Usage: python3 Tests/browser/browser_test.py [path/to/letters]"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LETTERS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/letters")
SHOTS = os.path.join(ROOT, "out/screenshots")
PASSWORD = "demo-2017-letters"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(letters, name):
    """`letters serve --demo` on a fresh SQLite store and a free port; returns the process and
    its base URL once it answers."""
    port = free_port()
    db = os.path.join(tempfile.mkdtemp(), name + ".sqlite")
    server = subprocess.Popen([letters, "serve", "--db", "sqlite:" + db, "--demo", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            break
        except Exception:
            time.sleep(0.5)
    return server, base


def chromium():
    """Headless Chromium at the size the pages are made for."""
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,768", "--lang=zh-CN"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def main():
    os.makedirs(SHOTS, exist_ok=True)
    server, base = start_server(LETTERS, "browser")
    try:
        driver = chromium()
        step = [0]

        def wait_for(text):
            """Waits until the page that a click loads shows `text`."""
            try:
                WebDriverWait(driver, 20).until(lambda d: text in d.page_source)
            except Exception:
                pass

        def shot(name):
            step[0] += 1
            driver.save_screenshot(os.path.join(SHOTS, f"{step[0]:02d}-{name}.png"))

        def login(name):
            driver.get(base + "/logout")
            driver.find_element(By.NAME, "name").send_keys(name)
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            wait_for("待办业务")
            if "待办业务" not in driver.page_source:
                shot("login-failed-" + name)
                raise AssertionError("home page after login as " + name + ": " + driver.find_element(By.TAG_NAME, "main").text)

        login("admin-B1")
        shot("home-B1")
        driver.get(base + "/api/members?branch=B1")
        members = json.loads(driver.find_element(By.TAG_NAME, "body").text)
        member = next(m for m in members if m["status"] == {"active": {}} or "active" in json.dumps(m["status"]))
        driver.get(base + "/apply?member=" + member["id"])
        shot("apply-form")
        Select(driver.find_element(By.NAME, "to")).select_by_value("B3")
        driver.find_element(By.XPATH, "//button[contains(., '生成转接路径')]").click()
        wait_for("确认发起")
        shot("path-preview")
        driver.find_element(By.NAME, "confirmed").click()
        driver.find_element(By.XPATH, "//button[contains(., '确认发起')]").click()
        wait_for("转接日志")
        assert "/transfers/" in driver.current_url, driver.page_source[:500]
        transfer = driver.current_url.split("?")[0]
        shot("applied")
        login("admin-Z1")
        driver.get(transfer)
        shot("at-Z1")
        # Seed 001: the approver confirms having reviewed the member's data; the form asks first.
        driver.find_element(By.NAME, "reviewed").click()
        driver.find_element(By.XPATH, "//button[contains(., '同意并开新信')]").click()
        wait_for("已办理")
        shot("approved-by-Z1")
        login("admin-B3")
        driver.get(transfer)
        assert "接收" in driver.page_source
        shot("at-B3")
        driver.find_element(By.XPATH, "//button[text()='接收']").click()
        wait_for("待报到")
        shot("accepted")
        assert "状态：<b>待报到</b>" in driver.page_source
        def fetch(url):
            cookie = driver.get_cookie("letters_session")["value"]
            request = urllib.request.Request(url, headers={"Cookie": "letters_session=" + cookie})
            with urllib.request.urlopen(request) as response:
                pdf = response.read()
                assert pdf.startswith(b"%PDF") and response.headers["Content-Type"] == "application/pdf"
                assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
                return response.headers["Content-Disposition"]
        # B3 sees the letter it received (shown inline), not the stubs the others keep.
        fetch(driver.find_element(By.TAG_NAME, "iframe").get_attribute("src"))
        # The branch that issued letter 1 sets up a printer and overprints the letter on template two.
        login("admin-B1")
        driver.get(base + "/printers")
        driver.find_element(By.NAME, "name").send_keys("1号机")
        for field, value in (("offsetX", "1.5"), ("offsetY", "-2")):
            driver.find_element(By.NAME, field).clear()
            driver.find_element(By.NAME, field).send_keys(value)
        driver.find_element(By.XPATH, "//button[contains(., '保存')]").click()
        wait_for("已保存")
        shot("printer-saved")
        driver.get(transfer)
        Select(driver.find_element(By.NAME, "printer")).select_by_visible_text("1号机")
        shot("letters-at-B1")
        action = driver.find_element(By.XPATH, "//form[.//button[contains(., '套打')]]").get_attribute("action")
        disposition = fetch(action + "?template=two&printer=" + urllib.parse.quote("1号机"))
        assert "overprint" in disposition, disposition
        fetch(transfer.replace("/transfers/", "/api/transfers/") + "/letters/1")
        # The layout check: a 300 dpi "scan" of a sheet (template one's form, rendered by poppler),
        # the blanks drawn over it, one moved, redrawn, saved in use; the overprint then uses it.
        cookie = driver.get_cookie("letters_session")["value"]
        with tempfile.TemporaryDirectory() as scratch:
            form_pdf = os.path.join(scratch, "form.pdf")
            with urllib.request.urlopen(urllib.request.Request(transfer.replace("/transfers/", "/api/transfers/") + "/letters/1",
                                                               headers={"Cookie": "letters_session=" + cookie})) as response:
                open(form_pdf, "wb").write(response.read())
            subprocess.run(["pdftoppm", "-r", "300", "-singlefile", "-gray", "-png", form_pdf, os.path.join(scratch, "scan")], check=True)
            driver.get(base + "/layouts")
            driver.find_element(By.NAME, "name").send_keys("县印2024")
            driver.find_element(By.NAME, "scan").send_keys(os.path.join(scratch, "scan.png"))
            driver.find_element(By.XPATH, "//button[contains(., '上传并核对')]").click()
            wait_for("空格与扫描件对照图")
        assert "约 300 dpi" in driver.page_source, driver.find_element(By.TAG_NAME, "main").text[:500]
        shot("layout-check")
        field = driver.find_element(By.NAME, "x.letter:member.name")
        field.clear()
        field.send_keys("34.1")
        driver.find_element(By.XPATH, "//button[contains(., '重画')]").click()
        wait_for("尚未保存")
        assert 'x="34.10"' in driver.page_source
        shot("layout-redrawn")
        driver.find_element(By.NAME, "inUse").click()
        driver.find_element(By.XPATH, "//button[@value='save']").click()
        wait_for("本组织套打使用此版式")
        shot("layout-saved")
        driver.get(transfer)
        Select(driver.find_element(By.NAME, "layout")).select_by_visible_text("县印2024")
        disposition = fetch(action + "?template=two&layout=" + urllib.parse.quote("县印2024"))
        assert "overprint" in disposition, disposition
        # The outgoing history: searched through its form by the member's name, exported from its link.
        driver.get(base + "/history?direction=out")
        driver.find_element(By.NAME, "name").send_keys(member["name"])
        driver.find_element(By.XPATH, "//form[@method='get']//button[text()='查询']").click()
        WebDriverWait(driver, 20).until(lambda d: "name=" in d.current_url)
        assert "name=" in driver.current_url and transfer.split(base)[1] in driver.page_source, driver.current_url
        shot("history-searched")
        export = driver.find_element(By.LINK_TEXT, "CSV").get_attribute("href")
        cookie = driver.get_cookie("letters_session")["value"]
        with urllib.request.urlopen(urllib.request.Request(export, headers={"Cookie": "letters_session=" + cookie})) as response:
            assert member["name"] in response.read().decode("utf-8-sig"), export
        driver.quit()
        print(f"browser: 1 passed, 0 failed (screenshots in {SHOTS})")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
