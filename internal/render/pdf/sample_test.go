package pdf

import (
	"fmt"
	"time"

	"github.com/mla-dev/mla/internal/document"
)

// Fictional case data for the tests and the benchmark. The wording imitates
// a real request so that line breaking, pagination and fonts are exercised
// as they will be in use.

var sampleDate = time.Date(2024, 3, 18, 9, 30, 0, 0, time.UTC)

func sampleDoc(layout document.Layout, draft bool) *document.Document {
	d := &document.Document{
		Langs:  [2]string{"zh", "en"},
		Layout: layout,
		Meta: document.Meta{
			Title:    document.Text{Orig: "关于请求提供刑事司法协助的函", Trans: "Request for Mutual Legal Assistance in a Criminal Matter"},
			Subject:  document.Text{Orig: "王某某涉嫌受贿案", Trans: "Case of WANG Moumou, suspected of bribery"},
			Author:   "中华人民共和国某某省人民检察院",
			Keywords: "刑事司法协助, mutual legal assistance, UNCAC",
			Creator:  "mla test",
			Date:     sampleDate,
		},
		HeaderLeft:  document.Same("GJ-2024-0317"),
		HeaderRight: document.Text{Orig: "内部文件", Trans: "Restricted"},
		PageLabel:   document.Text{Orig: "第 {page} 页 共 {pages} 页", Trans: "Page {page} of {pages}"},
		FooterNote:  document.Text{Orig: "本请求书及其附件仅用于所述刑事诉讼程序。", Trans: "This request and its annexes may be used only for the proceedings described."},
		Draft:       draft,
		DraftMark:   document.Text{Orig: "草稿", Trans: "DRAFT"},
	}
	b := []document.Block{
		document.Heading{Level: 0, Outline: true, Text: document.Text{
			Orig:  "关于请求提供刑事司法协助的函",
			Trans: "Request for Mutual Legal Assistance in a Criminal Matter"}},
		document.Fields{Items: []document.Field{
			{Label: document.Text{Orig: "文号", Trans: "Reference"}, Value: document.Same("（2024）某检协字第 17 号")},
			{Label: document.Text{Orig: "日期", Trans: "Date"}, Value: document.Text{Orig: "2024年3月18日", Trans: "18 March 2024"}},
			{Label: document.Text{Orig: "致", Trans: "To"}, Value: document.Text{
				Orig:  "美利坚合众国司法部刑事司法处国际事务办公室",
				Trans: "Office of International Affairs, Criminal Division, U.S. Department of Justice"}},
			{Label: document.Text{Orig: "紧急程度", Trans: "Urgency"}, Value: document.Text{
				Orig:  "紧急：犯罪嫌疑人可能于2024年5月1日前转移资产",
				Trans: "Urgent: the suspect may move the assets before 1 May 2024"}},
		}},
		document.Heading{Level: 1, Outline: true, Number: "1", Text: document.Text{Orig: "一、请求机关", Trans: "1. Requesting Authority"}},
		document.Paragraph{Text: document.Text{
			Orig:  "中华人民共和国某某省人民检察院（以下简称“请求机关”）依据《中华人民共和国国际刑事司法协助法》和《联合国反腐败公约》第四十六条，就王某某涉嫌受贿、洗钱一案，请求美利坚合众国主管机关提供刑事司法协助。",
			Trans: "The People's Procuratorate of Moumou Province of the People's Republic of China (the \"Requesting Authority\") requests mutual legal assistance from the competent authorities of the United States of America in the case of WANG Moumou, suspected of bribery and money laundering, pursuant to the International Criminal Judicial Assistance Law of the People's Republic of China and Article 46 of the United Nations Convention against Corruption."}},
		document.Heading{Level: 1, Outline: true, Number: "2", Text: document.Text{Orig: "二、案件事实", Trans: "2. Summary of the Facts"}},
		document.Paragraph{Text: document.Text{
			Orig:  "经查，犯罪嫌疑人王某某，男，1968年5月出生，原任某某市住房和城乡建设局局长。2015年至2021年间，王某某利用职务便利，在工程项目审批、土地出让等方面为多家房地产开发企业谋取利益，先后多次收受上述企业负责人给予的现金、房产及股权，折合人民币共计约4,860万元。其中，2019年7月，王某某通过其妻弟李某在美国开设的银行账户，接收某某置业有限公司实际控制人张某汇入的美元款项共计约230万美元。",
			Trans: "The investigation has established that the suspect, WANG Moumou, male, born in May 1968, formerly Director of the Housing and Urban-Rural Development Bureau of Moumou City, took advantage of his position between 2015 and 2021 to secure benefits for several real estate developers in project approvals and land transfers, and on many occasions accepted cash, real property and shares from the persons in charge of those companies, worth in total about RMB 48.6 million. In July 2019, through a bank account opened in the United States by his brother-in-law LI, WANG received about USD 2.3 million remitted by ZHANG, who controls Moumou Real Estate Co., Ltd."}},
		document.Paragraph{Text: document.Text{
			Orig:  "2021年9月，王某某在接受组织调查前出境，现下落不明。现有证据表明，上述款项的一部分已用于在美国加利福尼亚州购置房产。案卷中的文字按原样打印：{{ .Name }}、<b>粗体</b>、#1、a|b。",
			Trans: "In September 2021, before the investigation reached him, WANG left the country; his whereabouts are unknown. The evidence shows that part of the money was used to buy real property in California. Case text prints literally: {{ .Name }}, <b>bold</b>, #1, a|b."}},
		document.Heading{Level: 1, Outline: true, Number: "3", Text: document.Text{Orig: "三、涉嫌罪名及法律规定", Trans: "3. Offences and Applicable Law"}},
		document.Paragraph{Style: document.Quote, Text: document.Text{
			Orig:  "《中华人民共和国刑法》第三百八十五条第一款：国家工作人员利用职务上的便利，索取他人财物的，或者非法收受他人财物，为他人谋取利益的，是受贿罪。",
			Trans: "Article 385(1) of the Criminal Law of the People's Republic of China: Any State functionary who, by taking advantage of his position, extorts money or property from another person, or illegally accepts another person's money or property in return for securing benefits for that person shall be guilty of acceptance of bribes."}},
		document.Paragraph{Style: document.Quote, Text: document.Text{
			Orig:  "《中华人民共和国刑法》第一百九十一条：为掩饰、隐瞒毒品犯罪、黑社会性质的组织犯罪、恐怖活动犯罪、走私犯罪、贪污贿赂犯罪、破坏金融管理秩序犯罪、金融诈骗犯罪的所得及其产生的收益的来源和性质，有下列行为之一的，没收实施以上犯罪的所得及其产生的收益，处五年以下有期徒刑或者拘役，并处或者单处罚金。",
			Trans: "Article 191 of the Criminal Law: Whoever, in order to cover up or conceal the source and nature of the proceeds of drug-related crimes, organized crimes of a gangland nature, terrorist crimes, smuggling, embezzlement and bribery, crimes undermining the order of financial administration, or financial fraud, commits any of the following acts shall have the proceeds confiscated and be sentenced to fixed-term imprisonment of not more than five years or criminal detention, and shall also, or shall only, be fined."}},
		document.Heading{Level: 1, Outline: true, Number: "4", Text: document.Text{Orig: "四、请求事项", Trans: "4. Assistance Requested"}},
		document.List{
			Labels: []document.Text{{Orig: "（一）", Trans: "(a)"}, {Orig: "（二）", Trans: "(b)"}, {Orig: "（三）", Trans: "(c)"}},
			Items: []document.Text{
				{Orig: "调取李某在美国银行（Bank of America, N.A.）开设的账号为 4417-2290-8831 的账户自2018年1月1日至2022年12月31日的开户资料、交易明细及相关凭证；",
					Trans: "obtain the account opening documents, statements and vouchers of account No. 4417-2290-8831 held by LI at Bank of America, N.A., for the period from 1 January 2018 to 31 December 2022;"},
				{Orig: "查明位于加利福尼亚州尔湾市的房产（地址见附件二）的购置时间、价款、资金来源及现登记权利人；",
					Trans: "establish when and for what price the property in Irvine, California (address in Annex 2) was bought, the source of the funds and its current registered owner;"},
				{Orig: "对上述账户内资金及上述房产采取冻结、扣押等临时措施，以备日后没收。",
					Trans: "freeze or seize the funds in that account and the property, pending their later confiscation."},
			}},
		document.Heading{Level: 2, Outline: true, Number: "4.1", Text: document.Text{Orig: "（一）执行请求时应遵循的程序", Trans: "(a) Procedure to be followed"}},
		document.List{Numbered: true, Items: []document.Text{
			{Orig: "请由银行记录保管人出具业务记录证明书。", Trans: "Please have the bank's custodian of records sign a certificate of authenticity of business records."},
			{Orig: "请勿告知账户持有人本请求的存在。", Trans: "Please do not inform the account holder of this request."},
		}},
		document.List{Items: []document.Text{
			{Orig: "法文示例：« Pièce n° 12 » — L'HAŸ-LES-ROSES, 12,50\u202F€ ☐ ☑", Trans: ""},
		}},
		document.Heading{Level: 1, Outline: true, Number: "5", Text: document.Text{Orig: "五、证据清单", Trans: "5. List of Evidence"}},
		document.Table{
			Sheet:   "evidence",
			Caption: document.Text{Orig: "表1 随附证据", Trans: "Table 1 Evidence attached"},
			Columns: []document.Column{
				{Header: document.Text{Orig: "编号", Trans: "No."}, Width: 8, Kind: document.KindText},
				{Header: document.Text{Orig: "名称", Trans: "Description"}, Width: 40},
				{Header: document.Text{Orig: "日期", Trans: "Date"}, Width: 14, Kind: document.KindDate},
				{Header: document.Text{Orig: "页数", Trans: "Pages"}, Width: 8, Kind: document.KindInteger},
			},
			Rows: [][]string{
				{"E1", "张某证人证言笔录 / Witness statement of ZHANG", "2022-03-02", "14"},
				{"E2", "某某置业有限公司银行流水 / Bank statements of Moumou Real Estate Co., Ltd.", "2022-04-11", "36"},
				{"E3", "境外汇款凭证（SWIFT MT103）/ Outward remittance advice (SWIFT MT103)", "2019-07-23", "2"},
			},
		},
		document.Heading{Level: 1, Outline: true, Number: "6", Text: document.Text{Orig: "六、保证", Trans: "6. Assurances"}},
		document.Paragraph{Text: document.Text{
			Orig:  "请求机关保证：通过本请求获得的证据和资料，不用于请求书所述案件以外的其他目的；被请求方要求保密的，请求机关将予以保密。",
			Trans: "The Requesting Authority assures that evidence and information obtained under this request will not be used for purposes other than the case described in this request, and will be kept confidential if the Requested State so asks."}},
		document.Paragraph{Style: document.Small, Text: document.Text{
			Orig:  "联系人：赵某某，电话 +86 10 6520 0000，电子邮箱 mla@example.cn",
			Trans: "Contact: ZHAO Moumou, telephone +86 10 6520 0000, e-mail mla@example.cn"}},
		document.Paragraph{Style: document.Indented, Text: document.Text{Orig: "附件：1. 证据清单；2. 房产信息。", Trans: "Annexes: 1. List of evidence; 2. Property details."}},
		document.Paragraph{Style: document.Bold, Text: document.Text{Orig: "此致", Trans: "Yours faithfully,"}},
		document.Paragraph{Style: document.Centered, Text: document.Text{Orig: "（此页以下无正文）", Trans: "(No further text on this page)"}},
		document.Paragraph{Style: document.RightAligned, Text: document.Same("GJ-2024-0317")},
		document.Spacer{Height: 4},
		document.Signature{
			Authority: document.Text{Orig: "中华人民共和国某某省人民检察院", Trans: "People's Procuratorate of Moumou Province"},
			Name:      document.Text{Orig: "检察长 陈某某", Trans: "CHEN Moumou, Chief Procurator"},
			Date:      document.Text{Orig: "2024年3月18日", Trans: "18 March 2024"},
			SealLabel: document.Text{Orig: "（盖章）", Trans: "(Seal)"},
		},
		document.PageBreak{},
		document.Heading{Level: 1, Outline: true, Number: "A", Text: document.Text{Orig: "附件二：房产信息", Trans: "Annex 2: Property Details"}},
		document.Fields{Items: []document.Field{
			{Label: document.Text{Orig: "地址", Trans: "Address"}, Value: document.Same("1 Example Court, Irvine, CA 92602, USA")},
			{Label: document.Text{Orig: "登记权利人", Trans: "Registered owner"}, Value: document.Text{Orig: "李某（LI Mou）", Trans: "LI Mou"}},
			{Label: document.Text{Orig: "购置价款", Trans: "Purchase price"}, Value: document.Same("USD 1,850,000")},
		}},
	}
	d.Blocks = b
	return d
}

// tableDoc is a landscape evidence list with n rows.
func tableDoc(n int) *document.Document {
	d := &document.Document{
		Langs:       [2]string{"zh", "en"},
		Layout:      document.Parallel,
		Orientation: document.Landscape,
		Meta: document.Meta{
			Title: document.Text{Orig: "证据清单", Trans: "List of Evidence"},
			Date:  sampleDate,
		},
		HeaderLeft:  document.Same("GJ-2024-0317"),
		HeaderRight: document.Text{Orig: "证据清单", Trans: "List of Evidence"},
		PageLabel:   document.Text{Orig: "第 {page} 页 共 {pages} 页", Trans: "Page {page} of {pages}"},
	}
	rows := make([][]string, n)
	kinds := []string{"书证 / Documentary", "证人证言 / Witness statement", "电子数据 / Electronic data", "鉴定意见 / Expert opinion"}
	for i := range rows {
		rows[i] = []string{
			fmt.Sprintf("E%d", i+1),
			kinds[i%len(kinds)],
			fmt.Sprintf("第%d号银行账户交易明细（%d年度），含开户资料与往来凭证 / Statements of account No. %d for %d, with opening documents and vouchers", i+1, 2015+i%7, 4417000+i, 2015+i%7),
			fmt.Sprintf("2022-%02d-%02d", 1+i%12, 1+i%28),
			fmt.Sprintf("%d", 1+i*7%90),
			"某某省人民检察院 / Moumou Procuratorate",
		}
	}
	d.Blocks = []document.Block{
		document.Heading{Level: 0, Outline: true, Text: document.Text{Orig: "证据清单", Trans: "List of Evidence"}},
		document.Table{
			Sheet:   "evidence",
			Caption: document.Text{Orig: "附件一 证据清单", Trans: "Annex 1 List of evidence"},
			Columns: []document.Column{
				{Header: document.Text{Orig: "编号", Trans: "No."}, Width: 7},
				{Header: document.Text{Orig: "种类", Trans: "Kind"}, Width: 18},
				{Header: document.Text{Orig: "名称及说明", Trans: "Description"}, Width: 50},
				{Header: document.Text{Orig: "日期", Trans: "Date"}, Width: 12, Kind: document.KindDate},
				{Header: document.Text{Orig: "页数", Trans: "Pages"}, Width: 7, Kind: document.KindInteger},
				{Header: document.Text{Orig: "提供单位", Trans: "Provided by"}, Width: 22},
			},
			Rows: rows,
		},
	}
	return d
}
