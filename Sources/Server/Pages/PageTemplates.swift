/// The pages' Mustache templates. `{{ }}` escapes HTML, so every value a user typed comes
/// back as text, never as markup.
enum PageTemplates {
    static let login = """
        <div class="box" style="max-width:420px"><h2>登录</h2>
        {{#noAccounts}}<p class="error">系统中还没有任何账号。运行服务的人在服务器上执行
        <code>letters init --db 数据库 --officer 登录名 --org 党组织统一编码代码</code>，
        创建第一个安全员并得到授权码，再在下面“激活账号”设置密码。</p>{{/noAccounts}}
        <form method="post" action="/login"><p><label>登录名 <input name="name" value="{{name}}" autofocus></label></p>
        <p><label>密码 <input type="password" name="password"></label></p><p><button type="submit">登录</button></p></form>
        <p><a href="/activate">激活账号（用授权码设置密码）</a></p></div>
        """

    static let password = """
        <div class="box" style="max-width:420px"><h2>修改密码</h2>
        <form method="post" action="/password"><input type="hidden" name="_csrf" value="{{csrf}}">
        <p><label>原密码 <input type="password" name="old" autofocus></label></p>
        <p><label>新密码 <input type="password" name="new"></label>（至少 10 位，须同时包含字母和数字）</p>
        <p><label>再输一次 <input type="password" name="again"></label></p><p><button type="submit">修改</button></p></form>
        <p>修改后本账号在各处的登录都会退出，请用新密码重新登录。</p></div>
        """

    static let members = """
        <h2>党员</h2>
        <form method="get" class="box"><label>姓名 <input name="name" value="{{name}}" size="8"></label>
        <label>身份证号码 <input name="idNumber" value="{{idNumber}}" size="18"></label>
        <label><input type="checkbox" name="descendants" value="true"{{#descendants}} checked{{/descendants}}> 包含下级</label> <button>查询</button>
        · <a href="/members/new">补录党员</a> · <a href="/import">导入名册</a></form>
        <table><tr><th>姓名</th><th>身份证号码</th><th>党支部</th><th>人员类别</th><th>党籍状态</th></tr>
        {{#rows}}<tr><td><a href="/members/{{id}}">{{name}}</a></td><td>{{idNumber}}</td><td>{{branch}}</td><td>{{category}}</td><td>{{status}}</td></tr>{{/rows}}
        {{^rows}}<tr><td colspan="5">没有记录</td></tr>{{/rows}}</table>{{#more}}<p>只显示前 200 名：请缩小查询范围。</p>{{/more}}
        """

    static let member = """
        <h2>{{heading}}</h2>
        <form method="post" action="{{action}}" class="box"><input type="hidden" name="_csrf" value="{{csrf}}">
        <p><label>姓名 <input name="name" value="{{m.name}}" required></label> <label>公民身份证号 <input name="idNumber" value="{{m.idNumber}}" size="20" required></label>
        <label>民族 <input name="ethnicity" value="{{m.ethnicity}}" size="6" required></label> <label>学历 <input name="education" value="{{m.education}}" size="8" required></label></p>
        <p><label>人员类别 <select name="category">{{#categories}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/categories}}</select></label>
        <label>党支部 <select name="branch">{{#branches}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/branches}}</select></label></p>
        <p><label>加入党组织日期 <input type="date" name="joinedOn" value="{{m.joinedOn}}" required></label>
        <label>转正时间 <input type="date" name="madeFullOn" value="{{m.madeFullOn}}"></label>（预备党员留空）</p>
        <p><label>工作岗位 <select name="post">{{#posts}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/posts}}</select></label>
        <label>联系电话 <input name="phone" value="{{m.phone}}" required></label> <label>党费交至 <input name="duesPaidUpTo" value="{{m.duesPaidUpTo}}" size="7" placeholder="YYYY-MM"></label></p>
        <p><label>家庭住址 <input name="homeAddress" value="{{m.homeAddress}}" size="50" required></label></p>
        <p><label><input type="checkbox" name="lostContact" value="yes"{{#m.lostContact}} checked{{/m.lostContact}}> 失联党员</label>
        <label><input type="checkbox" name="mobile" value="yes"{{#m.mobile}} checked{{/m.mobile}}> 流动党员</label></p>
        <p><button>{{button}}</button></p></form>
        {{#statusAction}}<form method="post" action="{{statusAction}}" class="box"><input type="hidden" name="_csrf" value="{{csrf}}">
        <h3>党籍变动（记录保留，转入历史）</h3>
        <label>变动 <select name="change"><option value="remove">补删（误录）</option><option value="death">死亡</option><option value="leave">出党</option><option value="stop">停止党籍</option></select></label>
        <label>日期 <input type="date" name="date" required></label> <label>说明 <input name="note" size="30"></label> <button>记录</button></form>{{/statusAction}}
        {{#accountAction}}<form method="post" action="{{accountAction}}" class="box"><input type="hidden" name="_csrf" value="{{csrf}}">
        <label>为该党员创建账号（本人申请转出、查看进度）：登录名 <input name="name" required pattern="[A-Za-z0-9_.-]{3,32}"></label> <button>创建党员账号</button></form>{{/accountAction}}
        {{#sheet}}<p><a href="{{sheet}}">打印采集表（PDF）</a></p>{{/sheet}}
        {{#formerIDs}}<p>曾用身份证号码：{{formerIDs}}</p>{{/formerIDs}}{{#records}}<p>记录：{{records}}</p>{{/records}}
        """

    static let organizations = """
        <h2>党组织</h2><p>本组织及下级（已撤销的不再列出）。<a href="/organizations/new">新增下级党组织</a> · <a href="/import">导入名册</a></p>
        <table><tr><th>党组织</th><th>统一编码代码</th><th>类别</th><th>联系人</th><th>联系电话</th></tr>
        {{#orgs}}<tr><td>{{indent}}<a href="/organizations/{{id}}">{{name}}</a></td><td>{{id}}</td><td>{{category}}</td><td>{{contact}}</td><td>{{phone}}</td></tr>{{/orgs}}</table>
        """

    static let organization = """
        <h2>{{heading}}</h2>{{#sheet}}<p><a href="{{sheet}}">打印采集表（PDF）</a></p>{{/sheet}}
        <form method="post" action="{{action}}" class="box"><input type="hidden" name="_csrf" value="{{csrf}}">
        {{#fields}}<p><label>{{label}} {{#choices}}<select name="{{name}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>{{/options}}</select>{{/choices}}{{^choices}}<input name="{{name}}" value="{{value}}" size="{{size}}"{{#readonly}} readonly{{/readonly}}>{{/choices}}</label> <small>{{rule}}</small></p>{{/fields}}
        <p><button>{{button}}</button></p></form>
        {{#subordinate}}<form method="post" action="/organizations/{{id}}/revoke" class="box"><input type="hidden" name="_csrf" value="{{csrf}}">
        <h3>撤销</h3><label>撤销文号 <input name="documentNumber" required></label> <label>原因 <input name="reason" size="30" required></label> <button>撤销</button>
        <small>撤销后保留在历史和已开具的介绍信中，不再出现在列表和新的转接路径上；有党员、下级或在途转接时不能撤销。</small></form>
        <form method="post" action="/organizations/{{id}}/delete" class="box"><input type="hidden" name="_csrf" value="{{csrf}}">
        <button>删除（仅限误建）</button> <small>只能删除没有下级、党员、转接、账号和关联单位的误建组织。</small></form>{{/subordinate}}
        """

    static let importStart = """
        <h2>导入名册</h2>
        <p>用 Excel 或 WPS 保存的 .xlsx，或 .csv（UTF-8 或 GB18030）。列按第 1 行的列名识别，先后不限。先检查，看清将要做的修改后再确认；任何一行有问题都不会导入。</p>
        {{#kinds}}<div class="box"><h3>{{label}}</h3>
        <p><a href="/import/template/{{kind}}.xlsx">下载空白模板（含填写说明）</a> · <a href="/import/export/{{kind}}.xlsx">导出现有{{label}}（.xlsx，可修改后再导入）</a></p>
        <form method="post" action="/import/check/{{kind}}?_csrf={{csrf}}" enctype="multipart/form-data">
        <label>表格 <input type="file" name="file" accept=".xlsx,.csv" required></label> <button>检查</button></form></div>{{/kinds}}
        """

    static let importPreview = """
        <h2>导入{{label}}：{{file}}</h2>
        {{#ignored}}<p>已忽略不认识的列：{{ignored}}</p>{{/ignored}}
        {{#ok}}<div class="box"><p>检查通过：将{{summary}}。</p>
        <form method="post" action="/import/confirm"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="token" value="{{token}}">
        <button>确认导入</button> <a href="/import">取消</a></form></div>{{/ok}}
        {{^ok}}<p class="error">{{rows}} 行有问题（共 {{count}} 处），未导入任何内容：改正后重新上传。</p>
        <table><tr><th>行</th><th>列</th><th>规则</th><th>问题</th></tr>
        {{#problems}}<tr><td>{{row}}</td><td>{{column}}</td><td>{{rule}}</td><td>{{message}}</td></tr>{{/problems}}</table>
        <p><a href="/import">返回</a></p>{{/ok}}
        """

    static let importDone = """
        <h2>已导入{{label}}：{{file}}</h2><p>{{summary}}。</p>
        {{#first(codes)}}<div class="box"><p>新账号的授权码（7 天内有效；请打印或抄下，交本人在登录页“激活账号”设置密码——此页关闭后不再显示）：</p>
        <table><tr><th>账号</th><th>姓名</th><th>党组织</th><th>授权码</th></tr>
        {{#codes}}<tr><td>{{account}}</td><td>{{person}}</td><td>{{organization}}</td><td><b>{{code}}</b></td></tr>{{/codes}}</table></div>{{/first(codes)}}
        <p><a href="/import">继续导入</a></p>
        """

    static let activate = """
        <div class="box" style="max-width:420px"><h2>激活账号</h2>
        <p>安全员创建账号时给出的授权码 7 天内有效，只能用一次。</p>
        <form method="post" action="/activate"><p><label>登录名 <input name="name" value="{{name}}" autofocus></label></p>
        <p><label>授权码 <input name="code" value="{{code}}"></label></p>
        <p><label>新密码 <input type="password" name="password"></label>（至少 10 位，须同时包含字母和数字）</p>
        <p><label>再输一次 <input type="password" name="again"></label></p><p><button type="submit">激活</button></p></form>
        <p><a href="/login">返回登录</a></p></div>
        """

    /// The body of a page that only says something went wrong (the reason is the layout's error
    /// line): a way back, not an empty queue that reads as if there were no work.
    static let notice = """
        <div class="box"><p><a href="{{back}}">{{backLabel}}</a></p></div>
        """

    static let apply = """
        <h2>单人转出申请</h2>
        <div class="box"><form method="get" action="/apply"><label>姓名 <input name="name" value="{{name}}"></label>
        <label>身份证号码 <input name="idNumber" value="{{idNumber}}" size="20"></label><button>查找党员</button></form>
        {{#members}}<p>{{name}} {{idNumber}}（{{organization}}） <a href="/apply?member={{id}}">选择</a></p>{{/members}}</div>
        {{#member}}<div class="box"><form method="get" action="/apply"><input type="hidden" name="member" value="{{member.id}}">
        <p>党员：<b>{{member.name}}</b>（{{member.sex}}，{{member.ethnicity}}族，{{member.category}}党员）</p>
        <p><label><input type="radio" name="mode" value="in"{{^outside.chosen}} checked{{/outside.chosen}}> 省内：接收党支部</label> <select name="to" aria-label="接收党支部">{{#branches}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/branches}}</select></p>
        <p><label><input type="radio" name="mode" value="out"{{#outside.chosen}} checked{{/outside.chosen}}> 手工填写接收党组织（转往省外、军队、武警、国（境）外，或省内组织树外的党组织）：</label>
        <label>接收党组织 <input name="outside" value="{{outside.name}}" size="24"></label> <label>介绍信抬头 <input name="letterhead" value="{{outside.letterhead}}" size="24"></label>
        <label>类型 <select name="type">{{#outside.types}}<option{{#selected}} selected{{/selected}}>{{type}}</option>{{/outside.types}}</select></label></p>
        <p><label>党费缴纳至 <input name="dues" value="{{dues}}" pattern="[0-9]{4}-[0-9]{2}" required></label>（最近三个月内，不晚于本月）
        <label>有效期 <select name="validity">{{#validities}}<option{{#selected}} selected{{/selected}}>{{days}}</option>{{/validities}}</select> 天</label></p>
        <p><button>生成转接路径</button></p></form></div>{{/member}}
        {{#preview}}<div class="box"><h3>转接路径（{{preview.type}}）</h3>
        <svg width="{{preview.nodes.width}}" height="90" role="img" aria-label="转接路径">{{{preview.nodes.html}}}</svg>{{#preview.outside}}<p>→ {{preview.outside}}（介绍信抬头：{{preview.letterhead}}）</p>{{/preview.outside}}
        <form method="post" action="/apply"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="member" value="{{member.id}}">
        <input type="hidden" name="mode" value="{{preview.mode}}"><input type="hidden" name="outside" value="{{preview.outside}}"><input type="hidden" name="letterhead" value="{{preview.letterhead}}"><input type="hidden" name="type" value="{{preview.outType}}">
        <input type="hidden" name="to" value="{{preview.to}}"><input type="hidden" name="dues" value="{{dues}}"><input type="hidden" name="validity" value="{{validity}}">
        <details><summary>核对并完善介绍信（改动的内容印在介绍信上并记入日志）</summary>
        <p><label>党员联系电话 <input name="memberPhone" value="{{letter.memberPhone}}" size="14"></label> <label>抬头（留空则为接收方登记的抬头） <input name="addressee" size="30"></label></p>
        <p><label>基层党委通讯地址 <input name="address" value="{{letter.address}}" size="36"></label> <label>联系电话 <input name="phone" value="{{letter.phone}}" size="14"></label>
        <label>传真 <input name="fax" value="{{letter.fax}}" size="14"></label> <label>邮编 <input name="postcode" value="{{letter.postcode}}" size="6"></label>
        <label>转出原因 <input name="letterReason" size="30"></label></p></details>
        <p><label><input type="checkbox" name="confirmed" value="yes" required> 已核实党员信息同本人和档案资料等一致</label></p>
        <p><button>确认发起</button></p></form></div>{{/preview}}
        """

    /// The security officer's permissions page: one form per organization of its subtree.
    static let permissions = """
        <h2>转接权限</h2><p>全国、全省范围权限为系统数据，只读；“转接权限”由上级设置，“直属下一级党组织之间直接转接”由本组织设置。</p>
        <table><tr><th>组织</th><th>全国</th><th>全省</th><th>转接权限</th><th>直接转接（自动审批）</th><th></th></tr>
        {{#orgs}}<tr><td>{{indent}}{{name}}</td><td>{{national}}</td><td>{{provincial}}</td>
        <td><form method="post" action="/permissions" id="f-{{id}}"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="id" value="{{id}}">
        <input type="checkbox" name="mayTransfer" value="yes"{{#may}} checked{{/may}}></form></td>
        <td><input form="f-{{id}}" type="checkbox" name="autoApprove" value="yes"{{#auto}} checked{{/auto}}></td><td><button form="f-{{id}}">保存</button></td></tr>{{/orgs}}</table>
        """

    /// Seal management: letterhead, upload, history with thumbnails.
    /// 省外转入登记: the member as the letter from outside names them, the branch, the type; the
    /// ID card's photo when the identity cannot be verified.
    static let incoming = """
        <h2>省外转入登记</h2>
        <div class="box"><form method="post" action="/incoming?_csrf={{csrf}}" enctype="multipart/form-data"><input type="hidden" name="_csrf" value="{{csrf}}">
        <p><label>姓名 <input name="name" value="{{v.name}}" required></label> <label>公民身份证号 <input name="idNumber" value="{{v.idNumber}}" size="20" required></label>
        <label>民族 <input name="ethnicity" value="{{v.ethnicity}}" size="6" required></label>
        <label>人员类别 <select name="category"><option>正式党员</option><option{{#v.probationary}} selected{{/v.probationary}}>预备党员</option></select></label></p>
        <p><label>工作岗位 <input name="occupation" value="{{v.occupation}}"></label> <label>学历 <input name="education" value="{{v.education}}"></label>
        <label>联系电话 <input name="phone" value="{{v.phone}}" required></label></p>
        <p><label>原所在党组织（省外） <input name="origin" value="{{v.origin}}" size="40" required></label>
        <label>原介绍信编号 <input name="originLetterNumber" value="{{v.originLetterNumber}}" size="20"></label>
        <label>类型 <select name="type">{{#types}}<option{{#selected}} selected{{/selected}}>{{type}}</option>{{/types}}</select></label></p>
        <p><label>接收党支部 <select name="destination">{{#branches}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/branches}}</select></label>
        <label>党费缴纳至 <input name="duesPaidUpTo" value="{{v.dues}}" pattern="[0-9]{4}-[0-9]{2}" required></label>
        <label>有效期 <select name="validityDays"><option>7</option><option>10</option><option selected>15</option><option>30</option><option>90</option></select> 天</label></p>
        <p><label>身份证照片（无法在线核验身份时必须上传，JPEG 或 PNG，不超过 5 MB） <input type="file" name="idCardPhoto" accept="image/jpeg,image/png"></label></p>
        <p><button>登记并开具介绍信</button></p></form>
        <p>身份先经核验服务核对姓名与身份证号；无法核验时须上传身份证照片，由登记人人工审核，照片随转接存档。只有具有全国范围转接权限的党组织可以登记。</p></div>
        """

    /// A member's own page: the application form and where each of their transfers stands.
    static let mine = """
        <h2>我的组织关系转接</h2>
        <div class="box"><h3>申请转出</h3><form method="post" action="/mine"><input type="hidden" name="_csrf" value="{{csrf}}">
        <label>转入党支部 <select name="to">{{#branches}}<option value="{{id}}">{{name}}</option>{{/branches}}</select></label>
        <label>党费缴纳至 <input name="dues" value="{{dues}}" pattern="[0-9]{4}-[0-9]{2}" required></label>
        <button>提交申请</button></form><p>申请提交到所在党支部：党支部审核同意后开具介绍信，不同意时会写明原因。</p></div>
        {{#transfers}}<div class="box"><h3>{{type}} · {{state}}</h3><p>{{#holder}}当前办理：{{holder}}。{{/holder}}{{#why}}<b>{{why}}</b>{{/why}}</p>
        <table><tr><th>时间</th><th>办理</th><th>操作</th><th>备注</th></tr>{{#log}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{operation}}</td><td>{{note}}</td></tr>{{/log}}</table>
        {{#recall}}<form method="post" action="/mine/{{id}}/recall"><input type="hidden" name="_csrf" value="{{csrf}}"><button>撤回申请</button></form>{{/recall}}</div>{{/transfers}}
        {{^transfers}}<p>还没有转接。</p>{{/transfers}}
        """

    static let seal = """
        <h2>印章与介绍信抬头</h2>
        <div class="box"><form method="post" action="/seal/letterhead"><input type="hidden" name="_csrf" value="{{csrf}}">
        <label>介绍信抬头（其他组织开给本组织的介绍信上写的名称） <input name="letterhead" value="{{letterhead}}" size="40" required></label>
        <button>保存</button></form></div>
        <div class="box"><form method="post" action="/seal?_csrf={{csrf}}" enctype="multipart/form-data"><input type="hidden" name="_csrf" value="{{csrf}}">
        <label>上传新印章（JPEG，500×500 像素，300 dpi，不超过 5 MB） <input type="file" name="seal" accept="image/jpeg" required></label>
        <button>上传</button></form><p>已开具的介绍信保留开具时的印章；新印章只用于此后开具的介绍信。</p></div>
        <table><tr><th>版本</th><th>印章</th><th>上传时间</th><th>上传人</th></tr>
        {{#history}}<tr><td>{{version}}</td><td><img src="/seals/{{org}}/{{version}}.jpg" width="80" height="80" alt="第 {{version}} 版印章"></td>
        <td>{{uploadedAt}}</td><td>{{uploader}}</td></tr>{{/history}}{{^history}}<tr><td colspan="4">尚未上传印章</td></tr>{{/history}}</table>
        """

    static let printers = """
        <h2>打印机（套打模板二）</h2>
        <div class="box"><p>每台打印机进纸位置略有不同。先用“校准页”在预印的介绍信纸上试印，量出十字线偏离的毫米数，填入下面的表格；此后用这台打印机套打时选中它，内容就会落在空格里。</p>
        <form method="post" action="/printers"><input type="hidden" name="_csrf" value="{{csrf}}">
        <label>名称 <input name="name" maxlength="40" required placeholder="如 1号机"></label>
        <label>向右移（毫米） <input name="offsetX" type="number" step="0.1" min="-30" max="30" value="0" required></label>
        <label>向下移（毫米） <input name="offsetY" type="number" step="0.1" min="-30" max="30" value="0" required></label>
        <label>缩放（千分比，可空） <input name="scale" type="number" step="0.1" min="950" max="1050"></label><button>保存</button></form></div>
        <table><tr><th>名称</th><th>向右移</th><th>向下移</th><th>缩放</th><th></th></tr>
        {{#printers}}<tr><td>{{name}}</td><td>{{offsetX}}</td><td>{{offsetY}}</td><td>{{scale}}</td>
        <td><a href="/api/printers/{{encoded}}/calibration">校准页</a>
        <form class="inline" method="post" action="/printers/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="name" value="{{name}}"><button>删除</button></form></td></tr>{{/printers}}
        {{^printers}}<tr><td colspan="5">尚未设置打印机</td></tr>{{/printers}}</table>
        <p>新打印机：先用它打印<a href="/api/calibration">未校准的校准页</a>，量出偏移后在上面保存。</p>
        """

    static let layouts = """
        <h2>版式核对（套打模板二）</h2>
        <div class="box"><p>各地印制的介绍信纸，空格位置可能与系统模板略有不同。以 300 dpi 扫描一张<strong>空白</strong>的预印纸（整张 A4，竖放，JPEG 或 PNG，不超过 {{scanLimit}} MB），
        在这里起个名称上传；下一页把模板的空格和勾选位置画在扫描件上，逐项核对、移动后保存。标为“本组织使用”的版式，本组织套打下载时自动采用。</p>
        <form method="post" action="/layouts?_csrf={{csrf}}" enctype="multipart/form-data">
        <label>版式名称 <input name="name" maxlength="40" required placeholder="如 2024年印制"></label>
        <label>空白纸扫描件 <input type="file" name="scan" accept="image/jpeg,image/png" required></label><button>上传并核对</button></form>
        <p>同名上传会替换该版式的扫描件，已核对的位置保留。</p></div>
        <table><tr><th>名称</th><th>扫描件（像素）</th><th>已移动的空白</th><th>本组织使用</th><th>保存人</th><th></th></tr>
        {{#layouts}}<tr><td><a href="/layouts/{{encoded}}">{{name}}</a></td><td>{{scan}}</td><td>{{moved}}</td><td>{{#inUse}}是{{/inUse}}</td><td>{{savedBy}}</td>
        <td><a href="/api/layouts/{{encoded}}/file">版式文件</a>
        <form class="inline" method="post" action="/layouts/{{encoded}}/delete"><input type="hidden" name="_csrf" value="{{csrf}}"><button>删除</button></form></td></tr>{{/layouts}}
        {{^layouts}}<tr><td colspan="6">尚未保存版式：套打使用系统模板</td></tr>{{/layouts}}</table>
        """

    static let printLayout = """
        <h2>版式核对：{{name}}</h2>
        <p>蓝框是模板二的空格，蓝色方块是勾选位置（✓ 打在方块中心），位置按所填毫米数画在扫描件上；移动过的空白，其模板原位以灰色虚线标出。
        {{#scan}}扫描件 {{width}}×{{height}} 像素（约 {{dpi}} dpi）。{{/scan}}{{^scan}}此版式没有扫描件：<a href="/layouts">上传</a>后才能对照。{{/scan}}</p>
        <div class="layout-check">
        <svg role="img" aria-label="空格与扫描件对照图" viewBox="0 0 210 297" width="630" height="891" style="border:1px solid #999;background:#fff;max-width:100%;height:auto">
        {{#scan}}<image href="/api/layouts/{{encoded}}/scan" x="0" y="0" width="210" height="297" preserveAspectRatio="none"/>{{/scan}}
        {{#blanks}}{{#moved}}<rect x="{{oldLeft}}" y="{{oldTop}}" width="{{width}}" height="{{height}}" fill="none" stroke="#888" stroke-width="0.2" stroke-dasharray="0.8 0.6"/>{{/moved}}
        <rect class="blank" data-key="{{key}}" x="{{left}}" y="{{top}}" width="{{width}}" height="{{height}}" fill="{{#tick}}rgba(0,80,220,0.25){{/tick}}{{^tick}}none{{/tick}}" stroke="#0050dc" stroke-width="0.25"><title>{{label}}</title></rect>
        {{^tick}}<text x="{{left}}" y="{{textY}}" font-size="2.2" fill="#0050dc">{{label}}</text>{{/tick}}{{/blanks}}
        </svg></div>
        <form method="post" action="/layouts/{{encoded}}"><input type="hidden" name="_csrf" value="{{csrf}}">
        <div class="box"><label>全部向右移（毫米） <input name="allX" type="number" step="0.1" value="0"></label>
        <label>全部向下移（毫米） <input name="allY" type="number" step="0.1" value="0"></label>
        <label><input type="checkbox" name="inUse" value="1"{{#inUse}} checked{{/inUse}}> 本组织套打使用此版式</label>
        <button name="action" value="redraw">重画（不保存）</button> <button name="action" value="save">保存</button>{{#unsaved}} <strong>所示位置尚未保存</strong>{{/unsaved}}</div>
        <table><tr><th>联</th><th>空白</th><th>左（毫米）</th><th>上（毫米）</th><th>模板位置</th></tr>
        {{#blanks}}<tr><td>{{part}}</td><td>{{label}}{{#tick}}（勾选中心）{{/tick}}</td>
        <td><input name="x.{{key}}" aria-label="{{label}} 左" type="number" step="0.05" min="0" max="210" value="{{x}}"></td>
        <td><input name="y.{{key}}" aria-label="{{label}} 上" type="number" step="0.05" min="0" max="297" value="{{y}}"></td>
        <td>{{templateX}}, {{templateY}}{{#moved}} （已移动）{{/moved}}</td></tr>{{/blanks}}</table></form>
        <p><a href="/api/layouts/{{encoded}}/file">下载版式文件</a>（用于 <code>letters render-batch --layout</code> 批量套打）· <a href="/layouts">返回版式列表</a></p>
        """

    static let archive = """
        <h2>存档导出</h2>
        <div class="box"><p>导出所选组织（可含下级）存档中的介绍信：每件转接一个文件夹，只含该组织存档可查看的联次，附转接日志；
        manifest.json / manifest.csv 列出每个文件的 SHA-256 和它在存档哈希链上的记录，README.txt 说明如何核验。
        每份导出都带本系统的签名（README.txt.sig）。收到后可用 <code>letters archive verify 文件.zip --key 公钥</code> 离线核验；
        公钥请从这里抄给核验的人，不要取自 ZIP：</p>
        <p>存档签名公钥（Ed25519）：<code>{{publicKey}}</code><br>指纹：<code>{{fingerprint}}</code></p>
        <form method="get" action="/api/archive/export"><p><label>组织 <select name="org">{{#orgs}}<option value="{{id}}">{{name}}</option>{{/orgs}}</select></label>
        <label><input type="checkbox" name="descendants" value="false"> 不含下级</label></p>
        <p><label>开具日期 从 <input type="date" name="from"></label> <label>至 <input type="date" name="until"></label>
        <label>状态 <select name="status"><option value="">全部</option>{{#states}}<option value="{{code}}">{{label}}</option>{{/states}}</select></label></p>
        <p><button>导出 ZIP</button></p></form></div>
        """
}
