/**
 * The prompt-injection rules: phrasings that text written *for* a model tends to have and
 * text written by customers, suppliers and APIs tends not to, in English and the languages
 * listed in docs/guardrails.md. Each pattern is linear-time: word gaps are bounded, no
 * nested repetition, and each starts at a word or marker, so 1 MB scans in milliseconds.
 *
 * `views: 'all'` rules also run on the decoded and de-obfuscated views of the text
 * (homoglyphs and full-width letters folded, invisible characters removed, leetspeak,
 * rot13, base64 and hex segments decoded; see injection.ts).
 */
import type { InjectionKind, Severity } from './injection';

export interface Rule {
  kind: InjectionKind;
  severity: Severity;
  pattern: RegExp;
  message: string;
  /** `all`: also run on decoded/de-obfuscated views; `raw`: on the text as written only. */
  views: 'all' | 'raw';
}

const OVERRIDE = 'tells the model to ignore its instructions';
const ROLE = 'tries to give the model a new role';
const LEAK = 'asks the model to reveal its instructions';
const APPROVAL = 'claims or asks to skip a human approval';
const TOOL = 'asks for a tool or function call in plain words';
const INDIRECT = 'addresses instructions to an AI reading the text';

const rule = (
  kind: InjectionKind,
  severity: Severity,
  pattern: RegExp,
  message: string,
  views: 'all' | 'raw' = 'all',
): Rule => ({ kind, severity, pattern, message, views });

/** Role nouns and "no limits" words, in every supported language, for role-play openers. */
const ROLE_TAIL = String.raw`[^.\n。]{0,50}?(?:\b(?:assistant|assistent|assistente|asistente|ai|ia|ki|bot|chatbot|model|modelo|modello|modèle|agent|agente|persona|character|gpt|dan)\b|\w*(?:bot|gpt)\b|ассистент|бот|модель|без (?:ограничений|правил)|sin (?:restricciones|reglas|límites)|ohne (?:jegliche |alle )?(?:einschränkungen|regeln|grenzen)|sans (?:aucune )?(?:limite|restriction|règle)s?|sem (?:restrições|limites|regras)|senza (?:limiti|regole|restrizioni)|zonder (?:beperkingen|regels))`;

export const RULES: readonly Rule[] = [
  // — instruction override —
  rule(
    'instruction-override',
    'high',
    /\b(?:ignore|disregard|forget|override|bypass|skip|set aside|discard|stop following|do not follow|don't follow|no longer follow)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|these|those|system|original|initial|old)\b[^.\n]{0,20}?\b(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|constraints|policies|context)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:ignore|disregard|forget)\b[^.\n]{0,20}?\b(?:everything|anything|all)\b[^.\n]{0,20}?\b(?:above|before|prior|previous|earlier)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:previous|prior|earlier|above|original|old|your)\s+(?:instructions|rules|directives|guidelines|prompts?)\s+(?:are|is|have been)\s+(?:void|cancell?ed|revoked|obsolete|null|no longer valid|replaced)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:new|updated|real|actual)\s+(?:instructions|system prompt|rules)\s*:/gi,
    'announces replacement instructions',
  ),
  rule(
    'instruction-override',
    'medium',
    /\b(?:your|the)\s+(?:only|real|actual|new)\s+(?:task|job|goal|mission|instruction|priority)\s+(?:is|now)\b/gi,
    'announces replacement instructions',
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:ignora|ignore|ignoren|olvida|olvide|omite|descarta|no hagas caso (?:a|de))\b[^.\n]{0,30}?\b(?:instrucciones|indicaciones|reglas|normas)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /(?:\b(?:ignoriere|ignorier|vergiss|missachte)\b|übergehe\b|\bignorieren sie\b)[^.\n]{0,30}?(?:anweisungen|instruktionen|regeln|vorgaben|richtlinien)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /(?:\b(?:ignore[rz]?|oublie[rz]?)\b|\bne (?:tiens|tenez) pas compte\b|\bfais abstraction\b)[^.\n]{0,30}?\b(?:instructions|consignes|règles|directives)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:ignore|ignora|esqueça|esqueca|desconsidere|desconsidera)\b[^.\n]{0,30}?(?:instruções|instrucoes|regras|orientações)/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:ignora|dimentica|non considerare|trascura)\b[^.\n]{0,30}?\b(?:istruzioni|regole|indicazioni)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:negeer|vergeet|negeren)\b[^.\n]{0,30}?\b(?:instructies|regels|aanwijzingen)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /(?:忽略|无视|忘记|忘掉|不要理会|无需理会)[^。\n]{0,12}(?:指令|指示|规则|说明|提示)/g,
    OVERRIDE,
  ),
  rule('instruction-override', 'high', /(?:指示|命令|ルール|規則|指令)[^。\n]{0,12}(?:無視|忘れ)/g, OVERRIDE),
  rule(
    'instruction-override',
    'high',
    /(?:игнорируй|проигнорируй|игнорировать|забудь|не обращай внимания на)[^.\n]{0,30}?(?:инструкци|указани|правил)/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:overlook|set aside|put aside|pay no attention to|never mind|disregard|forget|ignore|stop applying|stop following|stop enforcing)\b[^.\n]{0,20}?(?:\bwhat (?:you(?:'ve| have)? (?:were|been) told|you were given|i said before)\b|\b(?:your|the|all|any)\s+(?:\w+\s+)?(?:instructions|rules|guidance|guidelines|directives|restrictions|constraints|programming|checks|limits|caps?|polic(?:y|ies))\b)/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:guidance|instructions|rules|directives|guidelines|prompt)\s+(?:you|you've|you have)\s+(?:received|been given|got|were given|had)\b[^.\n]{0,30}?\b(?:no longer|don'?t|do not|doesn'?t|are void|is void|obsolete|irrelevant|outdated)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:everything|all)\s+(?:before|above)\s+(?:this|here)\b[^.\n]{0,40}?\b(?:test|fake|ignore|void|not real|irrelevant)\b|\byour\s+(?:actual|real|true)\s+(?:instructions|task|orders)\b/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:vergiss\s+alles|lass\b[^.\n]{0,30}?(?:vorgaben|anweisungen|regeln)\s+beiseite)|\b(?:olvida(?:te)?|olvídate)\s+(?:de\s+)?(?:todo|lo anterior)|\b(?:ignore[rz]?|oublie[rz]?)\s+tout\s+ce\s+qui\s+(?:précède|est au-dessus|a été dit)|\bdimentica\s+tutto\b|\bnegeer\s+alles\b|\bvergeet\s+alles\b|(?:забудь|игнорируй)\s+вс[её]|(?:前面|以上|上面)的?(?:内容|所有)[^。\n]{0,6}(?:无视|忽略|不用管|别管)|以上の内容[^。\n]{0,4}無視/gi,
    OVERRIDE,
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:as|i am|i'm|this is)\s+your\s+(?:developer|creator|admin|administrator|operator|owner|programmer|system administrator)\b/gi,
    'claims authority over the model',
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:SYSTEM|ADMIN|DEVELOPER|ROOT|OPERATOR)\s+(?:MESSAGE|OVERRIDE|NOTICE|COMMAND|INSTRUCTIONS?)\s*:/g,
    'claims authority over the model',
    'raw',
  ),
  rule(
    'instruction-override',
    'high',
    /\b(?:ai|bots?|assistants?|models?|agents?|chatbots?|llms?)\s*(?:[:,]|—|--)\s*(?:please\s+|quick favou?r:?\s+)?(?:tell|say|send|approve|ignore|add|include|respond|reply|write|rate|mark|forward|delete|refund|transfer|stop|grant|skip|disable|forget)\b/gi,
    INDIRECT,
  ),
  // — prompt leak —
  rule(
    'prompt-leak',
    'high',
    /\b(?:reveal|print|show|repeat|output|dump|leak|tell me|display|give me|what (?:are|were))\b[^.\n]{0,30}?\b(?:system|hidden|initial|original|secret|developer)\s+(?:prompt|instructions|message|rules)\b/gi,
    LEAK,
  ),
  rule(
    'prompt-leak',
    'high',
    /\b(?:repeat|print|output|show)\b[^.\n]{0,20}?\b(?:the text|everything|all)\b[^.\n]{0,30}?\b(?:above|before my message|verbatim|in your context)/gi,
    LEAK,
  ),
  rule(
    'prompt-leak',
    'medium',
    /\bsystem-?prompt\b|\bsystemprompt|\bsysteemprompt|\bprompt (?:del|do|di) sistema\b|\bprompt syst[eè]me\b|\binstructions syst[eè]me\b|\binstrucciones del sistema\b|\bistruzioni di sistema\b|системн\S* (?:промпт|инструкци)|システムプロンプト|系统提示/gi,
    LEAK,
  ),
  rule(
    'prompt-leak',
    'high',
    /\b(?:include|reveal|send|give|print|output|share|disclose|leak|show)\s+(?:me\s+)?(?:the|your|any|all)?\s*(?:secret|private|internal)?\s*(?:api[- ]?keys?|access tokens?|secret keys?|private keys?|credentials|admin password|configuration prompt|system configuration)\b/gi,
    'asks for secrets or configuration',
  ),
  // — role play —
  rule(
    'role-play',
    'medium',
    /\b(?:you are now|you're now|from now on,? you(?: are|'re| will(?: be)?)|you must now act as|pretend (?:to be|you are|that you are)|act as|role-?play as)\s+(?:[\w'-]+\s+){0,3}?(?:assistant|bot|ai|model|agent|character|persona|gpt|dan|hacker|admin(?:istrator)?|\w*(?:bot|gpt))\b/gi,
    ROLE,
  ),
  rule(
    'role-play',
    'high',
    /\b(?:unrestricted|unfiltered|uncensored|jailbroken|evil)\s+(?:ai|assistant|model|bot|version)\b/gi,
    ROLE,
  ),
  rule(
    'role-play',
    'medium',
    new RegExp(
      String.raw`(?:\b(?:a partir de ahora|desde ahora|ahora)\s+eres\b|\b(?:du bist (?:jetzt|nun)|ab jetzt bist du|von nun an bist du)\b|\b(?:tu es|vous êtes) (?:maintenant|désormais)\b|(?:à partir de maintenant|désormais),? (?:tu es|vous êtes)\b|\b(?:a partir de agora|agora) (?:você é|voce é|tu és)|\b(?:d'ora in poi|da ora in poi|ora) (?:sei|tu sei)\b|\b(?:je bent nu|vanaf nu ben je)\b|(?:теперь ты|ты теперь|отныне ты))${ROLE_TAIL}`,
      'gi',
    ),
    ROLE,
  ),
  rule(
    'role-play',
    'medium',
    /(?:从现在开始|从现在起|现在)你是|(?:あなたは今から|今からあなたは|これからあなたは)/g,
    ROLE,
  ),
  rule(
    'role-play',
    'medium',
    /\b(?:behave|respond|operate|function|answer)\s+as\s+(?:an?\s+)?(?:[\w'-]+\s+){0,2}?(?:ai|assistant|bot|model|agent)\b[^.\n]{0,30}?\b(?:zero|no|without)\s+(?:\w+\s+)?(?:rules|restrictions|limits|filters|guidelines)\b|\bplay the role of\b/gi,
    ROLE,
  ),
  rule(
    'role-play',
    'medium',
    /(?:扮演|假装你是)[^。\n]{0,12}(?:AI|人工智能|助手|机器人|没有限制)|вы теперь\s+\S+/gi,
    ROLE,
  ),
  // — jailbreak —
  rule(
    'jailbreak',
    'high',
    /\b(?:DAN mode|do anything now|jailbreak(?:ed)?|without (?:any )?(?:restrictions|filters|limitations)|no (?:ethical|content) (?:guidelines|filters|restrictions))\b|\b(?:enable|activate|enter|switch (?:on|to|into)|turn on|you are (?:now )?in|now in)\s+(?:the\s+)?(?:developer|god|dev|debug|admin)\s+mode\b/gi,
    'uses a known jailbreak phrase',
  ),
  rule(
    'jailbreak',
    'high',
    /\b(?:safety|content)\s+(?:filters?|guidelines|rules|policy|policies)\s+(?:are|is|have been)\s+(?:disabled|off|removed|turned off|lifted)\b|\bignore your (?:content|safety) polic(?:y|ies)\b|\byou have no (?:rules|restrictions|limits)\b/gi,
    'uses a known jailbreak phrase',
  ),
  // — approval bypass —
  rule(
    'approval-bypass',
    'high',
    /\b(?:pretend|assume|act as if|as if|imagine|consider|treat)\b[^.\n]{0,30}?\b(?:approval|authori[sz]ation|sign-?off|review)\b[^.\n]{0,20}?\b(?:happened|granted|given|done|obtained|received|complete|completed|in place|already|was|has been)\b/gi,
    APPROVAL,
  ),
  rule(
    'approval-bypass',
    'high',
    /\b(?:pretend|assume|act as if|as if|imagine|consider|treat)\b[^.\n]{0,30}?\b(?:approved|signed off|authori[sz]ed|said yes|pre-?approved)\b/gi,
    APPROVAL,
  ),
  rule(
    'approval-bypass',
    'high',
    /\b(?:skip|bypass|circumvent|no need for|no need to wait for|without waiting for|don'?t wait for|do not wait for)\s+(?:the\s+|any\s+)?(?:human\s+|manual\s+)?(?:approval|review|reviewer|verification|sign-?off)\b/gi,
    APPROVAL,
  ),
  rule(
    'approval-bypass',
    'medium',
    /\b(?:pre-?approved|already (?:been )?approved|approval (?:was|has been) (?:granted|given))\b[^.\n]{0,60}?\b(?:so|skip|no need|process|release|execute|go ahead|continue|proceed|transfer|wire)\b/gi,
    APPROVAL,
  ),
  rule('approval-bypass', 'high', /\bmark\s+(?:it|this|the\s+\w+)\s+as\s+(?:approved|authori[sz]ed)\b/gi, APPROVAL),
  rule(
    'approval-bypass',
    'high',
    /\b(?:haz como si|finge que|considera que|supón que)\b[^.\n]{0,30}?(?:aprobación|aprobado|autorización|autorizado)|\b(?:tu so,? als (?:ob|wäre)|angenommen)\b[^.\n]{0,40}?(?:freigabe|genehmigung|genehmigt|freigegeben)|\b(?:fais|faites) comme si\b[^.\n]{0,30}?(?:approbation|approuvé|validation|validé|autorisation)|\b(?:finja|faça de conta|considere)\b[^.\n]{0,30}?(?:aprovação|aprovado|autorização)|\b(?:fai finta|considera)\b[^.\n]{0,30}?(?:approvazione|approvato|autorizzazione)/gi,
    APPROVAL,
  ),
  rule(
    'jailbreak',
    'high',
    /\b(?:disable|turn off|deactivate|switch off|bypass|suspend)\s+(?:all\s+|your\s+|the\s+|any\s+)*(?:safety\s+|security\s+|content\s+)?(?:checks|filters|guardrails|safeguards|restrictions|moderation)\b/gi,
    'asks the model to switch off its safeguards',
  ),
  rule(
    'approval-bypass',
    'high',
    /\bapproval\s*:\s*(?:granted|approved|yes|ok)\b|\b(?:waived|lifted|removed|cancell?ed|dropped)\s+the\s+(?:approval|review|sign-?off)\s+(?:requirement|step|process|gate)\b|\b(?:approval|review|sign-?off)\s+(?:requirement|step|gate)\s+(?:has been|was|is)\s+(?:waived|lifted|removed|dropped)\b|\bconsider yourself\s+(?:authori[sz]ed|approved|cleared|allowed)\b|\bwithout asking\s+(?:anyone|anybody|a human|for (?:approval|permission))\b|\bno need to check with\s+(?:anyone|anybody|a human|the manager)\b/gi,
    APPROVAL,
  ),
  rule(
    'approval-bypass',
    'high',
    /\b(?:salta(?:te)?|omite|sáltate)\s+(?:la\s+)?(?:revisión|aprobación|verificación)\b|\b(?:überspringe|umgehe)\s+(?:die\s+)?(?:freigabe|prüfung|genehmigung)\b|\b(?:saute|ignore|contourne)\s+(?:la\s+)?(?:validation|vérification|approbation)\b/gi,
    APPROVAL,
  ),
  // — tool calls in plain language —
  rule(
    'tool-call',
    'high',
    /\b(?:call|invoke|use|run|execute|trigger|fire)\s+(?:the\s+)?(?:function\s+|tool\s+)?`?[a-z]+_[a-z0-9_]+`?\s*(?:\(|(?:tool|function|action|api|endpoint|with|for|and|right|now)\b|:)/gi,
    TOOL,
  ),
  rule(
    'tool-call',
    'high',
    /\b(?:use|call|invoke|trigger)\s+(?:the\s+|your\s+)?(?:\w+\s+){0,2}?(?:tool|function|api|plugin|action)\s+(?:to|and)\s+(?:send|transfer|wire|delete|refund|pay|email|forward|export|grant|create|update)\b|\b(?:wipe|delete|erase|purge|drop|send|transfer|wire|refund|issue|email|forward)\b[^.\n]{0,40}?\b(?:using|with|via|through)\s+(?:your|the)\s+(?:\w+\s+){0,2}?(?:tool|function|plugin|integration)\b/gi,
    TOOL,
  ),
  rule(
    'tool-call',
    'high',
    /"(?:tool_calls?|function_call|tool_use|tool_name)"\s*:|<\/?(?:tool_call|function_calls?|invoke|tool_use)\b|\{\s*"(?:name|tool|function)"\s*:\s*"[^"]{1,80}"\s*,\s*"(?:arguments|parameters|input|args)"\s*:/gi,
    'contains what looks like a tool call',
    'raw',
  ),
  // — indirect instructions (in documents, emails, pages) —
  rule(
    'indirect',
    'high',
    /\b(?:note|message|instructions?|reminder|memo)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+)?(?:ai|assistant|model|llm|agent|bot|chatbot|language model)s?\b/gi,
    INDIRECT,
  ),
  rule(
    'indirect',
    'high',
    /\b(?:if|when)\s+(?:you\s+are|you're)\s+an?\s+(?:ai|llm|language model|assistant|bot|automated (?:system|agent))\b/gi,
    INDIRECT,
  ),
  rule(
    'indirect',
    'high',
    /\b(?:ai|llm|language model|assistant|agent|model)s?(?:\s+(?:system|agent|model|assistant)s?)?\s+(?:that\s+)?(?:reading|processing|summari[sz]ing|parsing|reads|processes|summari[sz]es|parses)\s+(?:this|the)\b/gi,
    INDIRECT,
  ),
  rule('indirect', 'high', /\bto\s+the\s+(?:ai|llm|model|assistant|agent)\b[^.\n]{0,40}:/gi, INDIRECT),
  rule(
    'indirect',
    'high',
    /\bwhen\s+(?:summari[sz]ing|processing|reading|answering|replying to)\s+this\b[^.\n]{0,60}?\b(?:also|instead|must|should|tell|add|include|send)\b/gi,
    INDIRECT,
  ),
  rule(
    'indirect',
    'high',
    /\b(?:do not|don'?t|never)\s+(?:tell|inform|mention|reveal|show)\s+(?:this\s+\w+\s+to\s+)?(?:the\s+)?(?:user|human|customer|operator)\b/gi,
    INDIRECT,
  ),
  rule('indirect', 'high', /\b(?:hidden|secret)\s+(?:instruction|directive|command|prompt)s?\b/gi, INDIRECT),
  // — markers and markup (as written only) —
  rule(
    'role-marker',
    'high',
    /<\|(?:im_start|im_end|system|assistant|user|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>|^[ \t]*#{1,6}[ \t]*(?:system|assistant|developer|instructions?)\b|<\/?(?:system|assistant|developer)>|"role"\s*:\s*"(?:system|developer)"/gim,
    'contains chat-template control tokens',
    'raw',
  ),
  rule(
    'role-marker',
    'medium',
    /^[ \t]*(?:system|assistant)[ \t]*:[ \t]*(?:you|the|new|all|always|never|ignore|do|don't|must|approve|skip|from now)\b|\b(?:assistant|system)\s*:\s*(?:sure|ok|okay|understood|i (?:have|will|am))\b/gim,
    'speaks as if it were a system or assistant turn',
    'raw',
  ),
  rule(
    'hidden-text',
    'high',
    // Zero-width characters, bidirectional overrides and Unicode tag characters (used to smuggle invisible ASCII).
    /[\u200B-\u200D\u2060\u2062-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]|\uDB40[\uDC00-\uDC7F]/g,
    'contains invisible or direction-changing characters',
    'raw',
  ),
  rule(
    'hidden-text',
    'medium',
    /<[^<>]{0,200}style\s*=\s*["'][^"']{0,300}(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0|color\s*:\s*(?:white|#fff(?:fff)?\b|transparent))[^<>]{0,300}>/gi,
    'contains hidden HTML text',
    'raw',
  ),
  rule(
    'exfiltration',
    'medium',
    /!\[[^\]]{0,100}\]\(\s*https?:\/\/[^)\s]{1,300}\?[^)\s]{0,300}=[^)]{0,300}\)/gi,
    'contains a markdown image whose URL could carry data out',
    'raw',
  ),
  rule('encoded-payload', 'low', /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{120,}={0,2}/g, 'contains a long encoded blob', 'raw'),
];
