"""Which characters folding (`extractor.fold`) leaves the words of a text where they were.

Snippets place highlights on the stored text by searching it as it is when each of its
characters folds in place: a letter or digit to one letter or digit, anything else to
something without letters or digits ("’" -> "'", "…" -> "..."). Then the words of the text
and of its folded text are the same, at the same offsets. This is data computed from `fold`,
kept here because computing it costs a cold search about 30 ms: `python3 -m index.accents`
rewrites it, and tests/test_index_analysis.py checks it against `fold`.
"""
from __future__ import annotations

import re
from pathlib import Path

# Where the characters of the texts we index live (Latin, Greek, Cyrillic, Hebrew, Arabic, punctuation,
# symbols, ligatures, full-width forms); a text with a character elsewhere is searched word by word.
SCANNED_BLOCKS = ((0x20, 0x6FF), (0x1E00, 0x1FFF), (0x2000, 0x2BFF), (0x3000, 0x303F), (0xFB00, 0xFB4F),
                  (0xFF01, 0xFF5E))

# -- generated: begin
IN_PLACE: tuple[tuple[int, int], ...] = (
    (0x0020, 0x00BB), (0x00BF, 0x00C5), (0x00C7, 0x00DD), (0x00E0, 0x00E5), (0x00E7, 0x00FD), (0x00FF, 0x0131),
    (0x0134, 0x013E), (0x0141, 0x0148), (0x014A, 0x0151), (0x0154, 0x01C3), (0x01CD, 0x01E1), (0x01E4, 0x01F0),
    (0x01F4, 0x01FB), (0x01FE, 0x02BB), (0x02BD, 0x02FF), (0x034F, 0x034F), (0x0370, 0x0379), (0x037B, 0x0482),
    (0x0488, 0x0586), (0x0588, 0x0590), (0x05BE, 0x05BE), (0x05C0, 0x05C0), (0x05C3, 0x05C3), (0x05C6, 0x05C6),
    (0x05C8, 0x060F), (0x061B, 0x063F), (0x0641, 0x064A), (0x0660, 0x066F), (0x0671, 0x0674), (0x0679, 0x06D5),
    (0x06DD, 0x06DE), (0x06E5, 0x06E6), (0x06E9, 0x06E9), (0x06EE, 0x06FF), (0x1E00, 0x1E99), (0x1E9B, 0x1E9D),
    (0x1E9F, 0x1F7F), (0x1FB0, 0x1FB1), (0x1FB5, 0x1FB6), (0x1FB8, 0x1FBB), (0x1FBD, 0x1FC1), (0x1FC5, 0x1FC6),
    (0x1FC8, 0x1FCB), (0x1FCD, 0x1FF1), (0x1FF5, 0x1FF6), (0x1FF8, 0x1FFB), (0x1FFD, 0x2023), (0x2025, 0x20A7),
    (0x20A9, 0x20CF), (0x20DD, 0x20E0), (0x20E2, 0x20E4), (0x20F1, 0x20FF), (0x2102, 0x2102), (0x2104, 0x2104),
    (0x2107, 0x2108), (0x210A, 0x2115), (0x2117, 0x211F), (0x2123, 0x213A), (0x213C, 0x214F), (0x2160, 0x2160),
    (0x2164, 0x2164), (0x2169, 0x2169), (0x216C, 0x2170), (0x2174, 0x2174), (0x2179, 0x2179), (0x217C, 0x2188),
    (0x218A, 0x2468), (0x24EA, 0x2BFF), (0x3000, 0x3029), (0x3030, 0x303F), (0xFB07, 0xFB12), (0xFB18, 0xFB1D),
    (0xFB1F, 0xFB4E), (0xFF01, 0xFF0D), (0xFF0F, 0xFF3E), (0xFF40, 0xFF5E),
)
ORIGINALS = (
    'ABCDEFGHIJKLMNOP'
    'QRSTUVWXYZ\xaa\xb2\xb3\xb5\xb9\xba'
    '\xc0\xc1\xc2\xc3\xc4\xc5\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0'
    '\xd1\xd2\xd3\xd4\xd5\xd6\xd8\xd9\xda\xdb\xdc\xdd\xe0\xe1\xe2\xe3'
    '\xe4\xe5\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4'
    '\xf5\xf6\xf8\xf9\xfa\xfb\xfc\xfd\xff\u0100\u0101\u0102\u0103\u0104\u0105\u0106'
    '\u0107\u0108\u0109\u010a\u010b\u010c\u010d\u010e\u010f\u0110\u0111\u0112\u0113\u0114\u0115\u0116'
    '\u0117\u0118\u0119\u011a\u011b\u011c\u011d\u011e\u011f\u0120\u0121\u0122\u0123\u0124\u0125\u0126'
    '\u0127\u0128\u0129\u012a\u012b\u012c\u012d\u012e\u012f\u0130\u0131\u0134\u0135\u0136\u0137\u0139'
    '\u013a\u013b\u013c\u013d\u013e\u0141\u0142\u0143\u0144\u0145\u0146\u0147\u0148\u014a\u014c\u014d'
    '\u014e\u014f\u0150\u0151\u0154\u0155\u0156\u0157\u0158\u0159\u015a\u015b\u015c\u015d\u015e\u015f'
    '\u0160\u0161\u0162\u0163\u0164\u0165\u0166\u0167\u0168\u0169\u016a\u016b\u016c\u016d\u016e\u016f'
    '\u0170\u0171\u0172\u0173\u0174\u0175\u0176\u0177\u0178\u0179\u017a\u017b\u017c\u017d\u017e\u017f'
    '\u0181\u0182\u0184\u0186\u0187\u0189\u018a\u018b\u018e\u018f\u0190\u0191\u0193\u0194\u0196\u0197'
    '\u0198\u019c\u019d\u019f\u01a0\u01a1\u01a2\u01a4\u01a6\u01a7\u01a9\u01ac\u01ae\u01af\u01b0\u01b1'
    '\u01b2\u01b3\u01b5\u01b7\u01b8\u01bc\u01cd\u01ce\u01cf\u01d0\u01d1\u01d2\u01d3\u01d4\u01d5\u01d6'
    '\u01d7\u01d8\u01d9\u01da\u01db\u01dc\u01de\u01df\u01e0\u01e1\u01e4\u01e6\u01e7\u01e8\u01e9\u01ea'
    '\u01eb\u01ec\u01ed\u01ee\u01ef\u01f0\u01f4\u01f5\u01f6\u01f7\u01f8\u01f9\u01fa\u01fb\u01fe\u01ff'
    '\u0200\u0201\u0202\u0203\u0204\u0205\u0206\u0207\u0208\u0209\u020a\u020b\u020c\u020d\u020e\u020f'
    '\u0210\u0211\u0212\u0213\u0214\u0215\u0216\u0217\u0218\u0219\u021a\u021b\u021c\u021e\u021f\u0220'
    '\u0222\u0224\u0226\u0227\u0228\u0229\u022a\u022b\u022c\u022d\u022e\u022f\u0230\u0231\u0232\u0233'
    '\u023a\u023b\u023d\u023e\u0241\u0243\u0244\u0245\u0246\u0248\u024a\u024c\u024e\u02b0\u02b1\u02b2'
    '\u02b3\u02b4\u02b5\u02b6\u02b7\u02b8\u02e0\u02e1\u02e2\u02e3\u02e4\u0370\u0372\u0374\u0376\u037f'
    '\u0386\u0388\u0389\u038a\u038c\u038e\u038f\u0390\u0391\u0392\u0393\u0394\u0395\u0396\u0397\u0398'
    '\u0399\u039a\u039b\u039c\u039d\u039e\u039f\u03a0\u03a1\u03a3\u03a4\u03a5\u03a6\u03a7\u03a8\u03a9'
    '\u03aa\u03ab\u03ac\u03ad\u03ae\u03af\u03b0\u03c2\u03ca\u03cb\u03cc\u03cd\u03ce\u03cf\u03d0\u03d1'
    '\u03d2\u03d3\u03d4\u03d5\u03d6\u03d8\u03da\u03dc\u03de\u03e0\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec'
    '\u03ee\u03f0\u03f1\u03f2\u03f4\u03f5\u03f7\u03f9\u03fa\u03fd\u03fe\u03ff\u0400\u0401\u0402\u0403'
    '\u0404\u0405\u0406\u0407\u0408\u0409\u040a\u040b\u040c\u040d\u040e\u040f\u0410\u0411\u0412\u0413'
    '\u0414\u0415\u0416\u0417\u0418\u0419\u041a\u041b\u041c\u041d\u041e\u041f\u0420\u0421\u0422\u0423'
    '\u0424\u0425\u0426\u0427\u0428\u0429\u042a\u042b\u042c\u042d\u042e\u042f\u0439\u0450\u0451\u0453'
    '\u0457\u045c\u045d\u045e\u0460\u0462\u0464\u0466\u0468\u046a\u046c\u046e\u0470\u0472\u0474\u0476'
    '\u0477\u0478\u047a\u047c\u047e\u0480\u048a\u048c\u048e\u0490\u0492\u0494\u0496\u0498\u049a\u049c'
    '\u049e\u04a0\u04a2\u04a4\u04a6\u04a8\u04aa\u04ac\u04ae\u04b0\u04b2\u04b4\u04b6\u04b8\u04ba\u04bc'
    '\u04be\u04c0\u04c1\u04c2\u04c3\u04c5\u04c7\u04c9\u04cb\u04cd\u04d0\u04d1\u04d2\u04d3\u04d4\u04d6'
    '\u04d7\u04d8\u04da\u04db\u04dc\u04dd\u04de\u04df\u04e0\u04e2\u04e3\u04e4\u04e5\u04e6\u04e7\u04e8'
    '\u04ea\u04eb\u04ec\u04ed\u04ee\u04ef\u04f0\u04f1\u04f2\u04f3\u04f4\u04f5\u04f6\u04f8\u04f9\u04fa'
    '\u04fc\u04fe\u0500\u0502\u0504\u0506\u0508\u050a\u050c\u050e\u0510\u0512\u0514\u0516\u0518\u051a'
    '\u051c\u051e\u0520\u0522\u0524\u0526\u0528\u052a\u052c\u052e\u0531\u0532\u0533\u0534\u0535\u0536'
    '\u0537\u0538\u0539\u053a\u053b\u053c\u053d\u053e\u053f\u0540\u0541\u0542\u0543\u0544\u0545\u0546'
    '\u0547\u0548\u0549\u054a\u054b\u054c\u054d\u054e\u054f\u0550\u0551\u0552\u0553\u0554\u0555\u0556'
    '\u0622\u0623\u0624\u0625\u0626\u06c0\u06c2\u06d3\u1e00\u1e01\u1e02\u1e03\u1e04\u1e05\u1e06\u1e07'
    '\u1e08\u1e09\u1e0a\u1e0b\u1e0c\u1e0d\u1e0e\u1e0f\u1e10\u1e11\u1e12\u1e13\u1e14\u1e15\u1e16\u1e17'
    '\u1e18\u1e19\u1e1a\u1e1b\u1e1c\u1e1d\u1e1e\u1e1f\u1e20\u1e21\u1e22\u1e23\u1e24\u1e25\u1e26\u1e27'
    '\u1e28\u1e29\u1e2a\u1e2b\u1e2c\u1e2d\u1e2e\u1e2f\u1e30\u1e31\u1e32\u1e33\u1e34\u1e35\u1e36\u1e37'
    '\u1e38\u1e39\u1e3a\u1e3b\u1e3c\u1e3d\u1e3e\u1e3f\u1e40\u1e41\u1e42\u1e43\u1e44\u1e45\u1e46\u1e47'
    '\u1e48\u1e49\u1e4a\u1e4b\u1e4c\u1e4d\u1e4e\u1e4f\u1e50\u1e51\u1e52\u1e53\u1e54\u1e55\u1e56\u1e57'
    '\u1e58\u1e59\u1e5a\u1e5b\u1e5c\u1e5d\u1e5e\u1e5f\u1e60\u1e61\u1e62\u1e63\u1e64\u1e65\u1e66\u1e67'
    '\u1e68\u1e69\u1e6a\u1e6b\u1e6c\u1e6d\u1e6e\u1e6f\u1e70\u1e71\u1e72\u1e73\u1e74\u1e75\u1e76\u1e77'
    '\u1e78\u1e79\u1e7a\u1e7b\u1e7c\u1e7d\u1e7e\u1e7f\u1e80\u1e81\u1e82\u1e83\u1e84\u1e85\u1e86\u1e87'
    '\u1e88\u1e89\u1e8a\u1e8b\u1e8c\u1e8d\u1e8e\u1e8f\u1e90\u1e91\u1e92\u1e93\u1e94\u1e95\u1e96\u1e97'
    '\u1e98\u1e99\u1e9b\u1ea0\u1ea1\u1ea2\u1ea3\u1ea4\u1ea5\u1ea6\u1ea7\u1ea8\u1ea9\u1eaa\u1eab\u1eac'
    '\u1ead\u1eae\u1eaf\u1eb0\u1eb1\u1eb2\u1eb3\u1eb4\u1eb5\u1eb6\u1eb7\u1eb8\u1eb9\u1eba\u1ebb\u1ebc'
    '\u1ebd\u1ebe\u1ebf\u1ec0\u1ec1\u1ec2\u1ec3\u1ec4\u1ec5\u1ec6\u1ec7\u1ec8\u1ec9\u1eca\u1ecb\u1ecc'
    '\u1ecd\u1ece\u1ecf\u1ed0\u1ed1\u1ed2\u1ed3\u1ed4\u1ed5\u1ed6\u1ed7\u1ed8\u1ed9\u1eda\u1edb\u1edc'
    '\u1edd\u1ede\u1edf\u1ee0\u1ee1\u1ee2\u1ee3\u1ee4\u1ee5\u1ee6\u1ee7\u1ee8\u1ee9\u1eea\u1eeb\u1eec'
    '\u1eed\u1eee\u1eef\u1ef0\u1ef1\u1ef2\u1ef3\u1ef4\u1ef5\u1ef6\u1ef7\u1ef8\u1ef9\u1efa\u1efc\u1efe'
    '\u1f00\u1f01\u1f02\u1f03\u1f04\u1f05\u1f06\u1f07\u1f08\u1f09\u1f0a\u1f0b\u1f0c\u1f0d\u1f0e\u1f0f'
    '\u1f10\u1f11\u1f12\u1f13\u1f14\u1f15\u1f18\u1f19\u1f1a\u1f1b\u1f1c\u1f1d\u1f20\u1f21\u1f22\u1f23'
    '\u1f24\u1f25\u1f26\u1f27\u1f28\u1f29\u1f2a\u1f2b\u1f2c\u1f2d\u1f2e\u1f2f\u1f30\u1f31\u1f32\u1f33'
    '\u1f34\u1f35\u1f36\u1f37\u1f38\u1f39\u1f3a\u1f3b\u1f3c\u1f3d\u1f3e\u1f3f\u1f40\u1f41\u1f42\u1f43'
    '\u1f44\u1f45\u1f48\u1f49\u1f4a\u1f4b\u1f4c\u1f4d\u1f50\u1f51\u1f52\u1f53\u1f54\u1f55\u1f56\u1f57'
    '\u1f59\u1f5b\u1f5d\u1f5f\u1f60\u1f61\u1f62\u1f63\u1f64\u1f65\u1f66\u1f67\u1f68\u1f69\u1f6a\u1f6b'
    '\u1f6c\u1f6d\u1f6e\u1f6f\u1f70\u1f71\u1f72\u1f73\u1f74\u1f75\u1f76\u1f77\u1f78\u1f79\u1f7a\u1f7b'
    '\u1f7c\u1f7d\u1fb0\u1fb1\u1fb6\u1fb8\u1fb9\u1fba\u1fbb\u1fbe\u1fc6\u1fc8\u1fc9\u1fca\u1fcb\u1fd0'
    '\u1fd1\u1fd2\u1fd3\u1fd6\u1fd7\u1fd8\u1fd9\u1fda\u1fdb\u1fe0\u1fe1\u1fe2\u1fe3\u1fe4\u1fe5\u1fe6'
    '\u1fe7\u1fe8\u1fe9\u1fea\u1feb\u1fec\u1ff6\u1ff8\u1ff9\u1ffa\u1ffb\u2070\u2071\u2074\u2075\u2076'
    '\u2077\u2078\u2079\u207f\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088\u2089\u2090\u2091'
    '\u2092\u2093\u2094\u2095\u2096\u2097\u2098\u2099\u209a\u209b\u209c\u2102\u2107\u210a\u210b\u210c'
    '\u210d\u210e\u210f\u2110\u2111\u2112\u2113\u2115\u2119\u211a\u211b\u211c\u211d\u2124\u2126\u2128'
    '\u212a\u212b\u212c\u212d\u212f\u2130\u2131\u2132\u2133\u2134\u2135\u2136\u2137\u2138\u2139\u213c'
    '\u213d\u213e\u213f\u2145\u2146\u2147\u2148\u2149\u2160\u2164\u2169\u216c\u216d\u216e\u216f\u2170'
    '\u2174\u2179\u217c\u217d\u217e\u217f\u2183\u2460\u2461\u2462\u2463\u2464\u2465\u2466\u2467\u2468'
    '\u24ea\u3038\u3039\u303a\ufb1d\ufb1f\ufb20\ufb21\ufb22\ufb23\ufb24\ufb25\ufb26\ufb27\ufb28\ufb2a'
    '\ufb2b\ufb2c\ufb2d\ufb2e\ufb2f\ufb30\ufb31\ufb32\ufb33\ufb34\ufb35\ufb36\ufb38\ufb39\ufb3a\ufb3b'
    '\ufb3c\ufb3e\ufb40\ufb41\ufb43\ufb44\ufb46\ufb47\ufb48\ufb49\ufb4a\ufb4b\ufb4c\ufb4d\ufb4e\uff10'
    '\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff21\uff22\uff23\uff24\uff25\uff26\uff27'
    '\uff28\uff29\uff2a\uff2b\uff2c\uff2d\uff2e\uff2f\uff30\uff31\uff32\uff33\uff34\uff35\uff36\uff37'
    '\uff38\uff39\uff3a\uff41\uff42\uff43\uff44\uff45\uff46\uff47\uff48\uff49\uff4a\uff4b\uff4c\uff4d'
    '\uff4e\uff4f\uff50\uff51\uff52\uff53\uff54\uff55\uff56\uff57\uff58\uff59\uff5a'
)
FOLDED = (
    'abcdefghijklmnop'
    'qrstuvwxyza23\u03bc1o'
    'aaaaaaceeeeiiiid'
    'noooooouuuuyaaaa'
    'aaceeeeiiiidnooo'
    'ooouuuuyyaaaaaac'
    'cccccccddddeeeee'
    'eeeeegggggggghhh'
    'hiiiiiiiiiijjkkl'
    'lllllllnnnnnn\u014boo'
    'oooorrrrrrssssss'
    'ssttttttuuuuuuuu'
    'uuuuwwyyyzzzzzzs'
    '\u0253\u0183\u0185\u0254\u0188\u0256\u0257\u018c\u01dd\u0259\u025b\u0192\u0260\u0263\u0269\u0268'
    '\u0199\u026f\u0272\u0275oo\u01a3\u01a5\u0280\u01a8\u0283\u01ad\u0288uu\u028a'
    '\u028b\u01b4\u01b6\u0292\u01b9\u01bdaaiioouuuu'
    'uuuuuuaaaa\u01e5ggkko'
    'ooo\u0292\u0292jgg\u0195\u01bfnnaaoo'
    'aaaaeeeeiiiioooo'
    'rrrruuuusstt\u021dhh\u019e'
    '\u0223\u0225aaeeooooooooyy'
    '\u2c65\u023c\u019a\u2c66\u0242\u0180\u0289\u028c\u0247\u0249\u024b\u024d\u024fh\u0266j'
    'r\u0279\u027b\u0281wy\u0263lsx\u0295\u0371\u0373\u02b9\u0377\u03f3'
    '\u03b1\u03b5\u03b7\u03b9\u03bf\u03c5\u03c9\u03b9\u03b1\u03b2\u03b3\u03b4\u03b5\u03b6\u03b7\u03b8'
    '\u03b9\u03ba\u03bb\u03bc\u03bd\u03be\u03bf\u03c0\u03c1\u03c3\u03c4\u03c5\u03c6\u03c7\u03c8\u03c9'
    '\u03b9\u03c5\u03b1\u03b5\u03b7\u03b9\u03c5\u03c3\u03b9\u03c5\u03bf\u03c5\u03c9\u03d7\u03b2\u03b8'
    '\u03c5\u03c5\u03c5\u03c6\u03c0\u03d9\u03db\u03dd\u03df\u03e1\u03e3\u03e5\u03e7\u03e9\u03eb\u03ed'
    '\u03ef\u03ba\u03c1\u03c3\u03b8\u03b5\u03f8\u03c3\u03fb\u037b\u037c\u037d\u0435\u0435\u0452\u0433'
    '\u0454\u0455\u0456\u0456\u0458\u0459\u045a\u045b\u043a\u0438\u0443\u045f\u0430\u0431\u0432\u0433'
    '\u0434\u0435\u0436\u0437\u0438\u0438\u043a\u043b\u043c\u043d\u043e\u043f\u0440\u0441\u0442\u0443'
    '\u0444\u0445\u0446\u0447\u0448\u0449\u044a\u044b\u044c\u044d\u044e\u044f\u0438\u0435\u0435\u0433'
    '\u0456\u043a\u0438\u0443\u0461\u0463\u0465\u0467\u0469\u046b\u046d\u046f\u0471\u0473\u0475\u0475'
    '\u0475\u0479\u047b\u047d\u047f\u0481\u048b\u048d\u048f\u0491\u0493\u0495\u0497\u0499\u049b\u049d'
    '\u049f\u04a1\u04a3\u04a5\u04a7\u04a9\u04ab\u04ad\u04af\u04b1\u04b3\u04b5\u04b7\u04b9\u04bb\u04bd'
    '\u04bf\u04cf\u0436\u0436\u04c4\u04c6\u04c8\u04ca\u04cc\u04ce\u0430\u0430\u0430\u0430\u04d5\u0435'
    '\u0435\u04d9\u04d9\u04d9\u0436\u0436\u0437\u0437\u04e1\u0438\u0438\u0438\u0438\u043e\u043e\u04e9'
    '\u04e9\u04e9\u044d\u044d\u0443\u0443\u0443\u0443\u0443\u0443\u0447\u0447\u04f7\u044b\u044b\u04fb'
    '\u04fd\u04ff\u0501\u0503\u0505\u0507\u0509\u050b\u050d\u050f\u0511\u0513\u0515\u0517\u0519\u051b'
    '\u051d\u051f\u0521\u0523\u0525\u0527\u0529\u052b\u052d\u052f\u0561\u0562\u0563\u0564\u0565\u0566'
    '\u0567\u0568\u0569\u056a\u056b\u056c\u056d\u056e\u056f\u0570\u0571\u0572\u0573\u0574\u0575\u0576'
    '\u0577\u0578\u0579\u057a\u057b\u057c\u057d\u057e\u057f\u0580\u0581\u0582\u0583\u0584\u0585\u0586'
    '\u0627\u0627\u0648\u0627\u064a\u06d5\u06c1\u06d2aabbbbbb'
    'ccddddddddddeeee'
    'eeeeeeffgghhhhhh'
    'hhhhiiiikkkkkkll'
    'llllllmmmmmmnnnn'
    'nnnnoooooooopppp'
    'rrrrrrrrssssssss'
    'ssttttttttuuuuuu'
    'uuuuvvvvwwwwwwww'
    'wwxxxxyyzzzzzzht'
    'wysaaaaaaaaaaaaa'
    'aaaaaaaaaaaeeeee'
    'eeeeeeeeeeeiiiio'
    'oooooooooooooooo'
    'ooooooouuuuuuuuu'
    'uuuuuyyyyyyyy\u1efb\u1efd\u1eff'
    '\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1'
    '\u03b5\u03b5\u03b5\u03b5\u03b5\u03b5\u03b5\u03b5\u03b5\u03b5\u03b5\u03b5\u03b7\u03b7\u03b7\u03b7'
    '\u03b7\u03b7\u03b7\u03b7\u03b7\u03b7\u03b7\u03b7\u03b7\u03b7\u03b7\u03b7\u03b9\u03b9\u03b9\u03b9'
    '\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03bf\u03bf\u03bf\u03bf'
    '\u03bf\u03bf\u03bf\u03bf\u03bf\u03bf\u03bf\u03bf\u03c5\u03c5\u03c5\u03c5\u03c5\u03c5\u03c5\u03c5'
    '\u03c5\u03c5\u03c5\u03c5\u03c9\u03c9\u03c9\u03c9\u03c9\u03c9\u03c9\u03c9\u03c9\u03c9\u03c9\u03c9'
    '\u03c9\u03c9\u03c9\u03c9\u03b1\u03b1\u03b5\u03b5\u03b7\u03b7\u03b9\u03b9\u03bf\u03bf\u03c5\u03c5'
    '\u03c9\u03c9\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b1\u03b9\u03b7\u03b5\u03b5\u03b7\u03b7\u03b9'
    '\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03b9\u03c5\u03c5\u03c5\u03c5\u03c1\u03c1\u03c5'
    '\u03c5\u03c5\u03c5\u03c5\u03c5\u03c1\u03c9\u03bf\u03bf\u03c9\u03c90i456'
    '789n0123456789ae'
    'ox\u0259hklmnpstc\u025bghh'
    'hhhiillnpqrrrz\u03c9z'
    'kabceef\u214emo\u05d0\u05d1\u05d2\u05d3i\u03c0'
    '\u03b3\u03b3\u03c0ddeijivxlcdmi'
    'vxlcdm\u2184123456789'
    '0\u5341\u5344\u5345\u05d9\u05f2\u05e2\u05d0\u05d3\u05d4\u05db\u05dc\u05dd\u05e8\u05ea\u05e9'
    '\u05e9\u05e9\u05e9\u05d0\u05d0\u05d0\u05d1\u05d2\u05d3\u05d4\u05d5\u05d6\u05d8\u05d9\u05da\u05db'
    '\u05dc\u05de\u05e0\u05e1\u05e3\u05e4\u05e6\u05e7\u05e8\u05e9\u05ea\u05d5\u05d1\u05db\u05e40'
    '123456789abcdefg'
    'hijklmnopqrstuvw'
    'xyzabcdefghijklm'
    'nopqrstuvwxyz'
)
# -- generated: end


def scan() -> tuple[tuple[tuple[int, int], ...], str, str]:
    """The runs of code points of SCANNED_BLOCKS that fold in place; the letters and digits among them
    that fold to another one, and what to."""
    from extractor.folding import fold

    is_word = re.compile(r"\w").match
    characters = [chr(code) for first, last in SCANNED_BLOCKS for code in range(first, last + 1)]
    folded = fold("\x00".join(characters)).split("\x00")  # one call: \x00 folds to itself, joins nothing
    runs: list[tuple[int, int]] = []
    originals, targets = [], []
    for character, target in zip(characters, folded):
        if is_word(character):
            in_place = len(target) == 1 and bool(is_word(target))
            if in_place and target != character:
                originals.append(character)
                targets.append(target)
        else:  # no letters come out, and no "." from another character (which would join the words around it)
            in_place = bool(target) and not any(is_word(c) for c in target) and (target != "." or character == ".")
        if in_place:
            code = ord(character)
            runs[-1:] = [(runs[-1][0], code)] if runs and runs[-1][1] == code - 1 else [*runs[-1:], (code, code)]
    return tuple(runs), "".join(originals), "".join(targets)


def _literal(text: str, *, per_line: int = 16) -> str:
    chunks = [text[i:i + per_line] for i in range(0, len(text), per_line)]
    escaped = (chunk.encode("unicode_escape").decode("ascii").replace("'", "\\'") for chunk in chunks)
    return "(\n" + "\n".join(f"    '{chunk}'" for chunk in escaped) + "\n)"


def _runs_literal(runs: tuple[tuple[int, int], ...], *, per_line: int = 6) -> str:
    items = [f"(0x{first:04X}, 0x{last:04X})," for first, last in runs]
    lines = [" ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "(\n" + "\n".join(f"    {line}" for line in lines) + "\n)"


def _rewrite() -> None:
    path = Path(__file__)
    runs, originals, folded = scan()
    source = path.read_text(encoding="utf-8")
    start = source.index("# -- generated: begin\n") + len("# -- generated: begin\n")
    end = source.index("# -- generated: end")
    table = (f"IN_PLACE: tuple[tuple[int, int], ...] = {_runs_literal(runs)}\n"
             f"ORIGINALS = {_literal(originals)}\nFOLDED = {_literal(folded)}\n")
    path.write_text(source[:start] + table + source[end:], encoding="utf-8")


if __name__ == "__main__":
    _rewrite()
