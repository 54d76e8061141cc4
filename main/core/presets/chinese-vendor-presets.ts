import type { ProviderPreset } from './provider-preset-schema';

/*
 * Checked 2026-12-07 against each vendor's API docs (base URLs, formats, model
 * ids, limits). Model lists go stale in months: they seed a new provider, the
 * user edits them afterwards.
 *
 * Format choice: these vendors speak OpenAI Chat and (most of them) Anthropic
 * Messages. Chat is the default because the Chat codec knows each vendor's
 * dialect (how thinking is switched on, when reasoning_content must be sent
 * back) and it serves Chat, Responses and Gemini clients as well; the
 * Anthropic endpoint is listed as an alternative, which Claude Code reaches as
 * a byte-for-byte passthrough. MiniMax is the exception (see there).
 * Mainland China hosts come first; the international host is an alternative
 * with its own accounts and keys.
 */
export const CHINESE_VENDOR_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'deepseek',
    displayName: 'DeepSeek',
    displayNameZh: '深度求索',
    baseUrl: 'https://api.deepseek.com',
    format: 'chat',
    models: ['deepseek-v4-pro', 'deepseek-v4-flash'],
    defaultModel: 'deepseek-v4-pro',
    quirks: {
      // 1M context and up to 384K output for both models: no lowering needed.
      notes: [
        'deepseek-chat and deepseek-reasoner are legacy names for the non-thinking and thinking modes of deepseek-v4-flash, announced for removal.',
        'Thinking is on by default; thinking: {type} and reasoning_effort switch it per request.',
        'Neither endpoint accepts images or documents.',
      ],
    },
    docsUrl: 'https://api-docs.deepseek.com/',
    apiKeyUrl: 'https://platform.deepseek.com/api_keys',
    keyEnv: 'DEEPSEEK_API_KEY',
    alternatives: [
      {
        id: 'anthropic',
        label: 'Anthropic Messages',
        baseUrl: 'https://api.deepseek.com/anthropic',
        format: 'anthropic',
        docsUrl: 'https://api-docs.deepseek.com/guides/anthropic_api',
        note: 'Same key. Ignores cache_control, top_k and anthropic-beta; unknown model names (claude-*) are mapped to DeepSeek models.',
      },
    ],
  },
  {
    id: 'zhipu',
    displayName: 'Zhipu GLM (BigModel)',
    displayNameZh: '智谱 BigModel',
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    format: 'chat',
    models: ['glm-5.1', 'glm-5.3', 'glm-5-turbo', 'glm-4.5-air'],
    defaultModel: 'glm-5.1',
    quirks: {
      // GLM-5 and GLM-5.1 accept 128K output tokens: no lowering needed.
      notes: [
        'Thinking is switched with thinking: {type: enabled | disabled}.',
        'GLM Coding Plan keys work only on https://open.bigmodel.cn/api/coding/paas/v4 (see alternatives), pay-as-you-go keys only on the general endpoint.',
      ],
    },
    docsUrl: 'https://docs.bigmodel.cn/api-reference',
    apiKeyUrl: 'https://bigmodel.cn/usercenter/proj-mgmt/apikeys',
    keyEnv: 'ZHIPUAI_API_KEY',
    region:
      'Mainland China platform (bigmodel.cn). Accounts on z.ai are separate: use the Z.ai preset for those keys.',
    alternatives: [
      {
        id: 'anthropic',
        label: 'Anthropic Messages',
        baseUrl: 'https://open.bigmodel.cn/api/anthropic',
        format: 'anthropic',
        note: 'Same key; the endpoint Zhipu documents for Claude Code.',
      },
      {
        id: 'coding-plan',
        label: 'GLM Coding Plan (Chat)',
        baseUrl: 'https://open.bigmodel.cn/api/coding/paas/v4',
        format: 'chat',
        note: 'For GLM Coding Plan subscriptions.',
      },
    ],
  },
  {
    id: 'zai',
    displayName: 'Z.ai (GLM, international)',
    displayNameZh: '智谱 Z.ai（国际站）',
    baseUrl: 'https://api.z.ai/api/paas/v4',
    format: 'chat',
    models: ['glm-5.1', 'glm-5.3', 'glm-5-turbo', 'glm-4.5-air'],
    defaultModel: 'glm-5.1',
    quirks: {
      notes: [
        'Thinking is switched with thinking: {type: enabled | disabled}.',
        'GLM Coding Plan keys work only on https://api.z.ai/api/coding/paas/v4 (see alternatives).',
        'Z.ai has no OpenAI Responses endpoint.',
      ],
    },
    docsUrl: 'https://docs.z.ai/api-reference/introduction',
    keyEnv: 'ZAI_API_KEY',
    region:
      'International platform of Zhipu (z.ai). Accounts on bigmodel.cn are separate: use the Zhipu preset for those keys.',
    alternatives: [
      {
        id: 'anthropic',
        label: 'Anthropic Messages',
        baseUrl: 'https://api.z.ai/api/anthropic',
        format: 'anthropic',
        note: 'Same key; the endpoint Z.ai documents for Claude Code.',
      },
      {
        id: 'coding-plan',
        label: 'GLM Coding Plan (Chat)',
        baseUrl: 'https://api.z.ai/api/coding/paas/v4',
        format: 'chat',
        note: 'For GLM Coding Plan subscriptions.',
      },
    ],
  },
  {
    id: 'moonshot',
    displayName: 'Moonshot Kimi',
    displayNameZh: '月之暗面 Kimi',
    baseUrl: 'https://api.moonshot.cn/v1',
    format: 'chat',
    models: ['kimi-k2.6', 'kimi-k3', 'kimi-k2.7-code'],
    defaultModel: 'kimi-k2.6',
    quirks: {
      notes: [
        'Kimi K2.5/K2.6 switch thinking with thinking: {type}; K3 takes reasoning_effort. Thinking content comes back as reasoning_content.',
        'Kimi Code (api.kimi.com) is a separate product with its own keys.',
      ],
    },
    docsUrl: 'https://platform.kimi.com/docs/api/models-overview',
    apiKeyUrl: 'https://platform.moonshot.cn/console/api-keys',
    keyEnv: 'MOONSHOT_API_KEY',
    region: 'Mainland China host. International accounts use api.moonshot.ai (see alternatives).',
    alternatives: [
      {
        id: 'international',
        label: 'International (Chat)',
        baseUrl: 'https://api.moonshot.ai/v1',
        format: 'chat',
        apiKeyUrl: 'https://platform.moonshot.ai/console/api-keys',
        docsUrl: 'https://platform.kimi.ai/docs/overview',
        note: 'Keys from platform.moonshot.ai; they do not work on the China host.',
      },
      {
        id: 'anthropic',
        label: 'Anthropic Messages',
        baseUrl: 'https://api.moonshot.cn/anthropic',
        format: 'anthropic',
        note: 'Same key as the China host; the international one is https://api.moonshot.ai/anthropic.',
      },
    ],
  },
  {
    id: 'qwen',
    displayName: 'Qwen (Alibaba Cloud Model Studio)',
    displayNameZh: '通义千问（阿里云百炼）',
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    format: 'chat',
    models: ['qwen3-max', 'qwen3.6-plus', 'qwen3-coder-plus'],
    defaultModel: 'qwen3-max',
    quirks: {
      // qwen3-max: 256K context, 64K output, which covers Claude Code's 64000.
      notes: [
        'Thinking is switched with enable_thinking and sized with thinking_budget.',
        'Alibaba recommends the workspace-specific hosts ({WorkspaceId}.<region>.maas.aliyuncs.com) for new integrations; the dashscope hosts keep working.',
      ],
    },
    docsUrl: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
    keyEnv: 'DASHSCOPE_API_KEY',
    region:
      'China (Beijing) host. Singapore, US (Virginia) and Hong Kong have their own hosts and keys (see alternatives).',
    alternatives: [
      {
        id: 'singapore',
        label: 'International, Singapore (Chat)',
        baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
        format: 'chat',
        docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope',
        note: 'Keys from the international Model Studio console.',
      },
      {
        id: 'us',
        label: 'US, Virginia (Chat)',
        baseUrl: 'https://dashscope-us.aliyuncs.com/compatible-mode/v1',
        format: 'chat',
        docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope',
        note: 'Keys from a US-region Model Studio workspace.',
      },
    ],
  },
  {
    id: 'minimax',
    displayName: 'MiniMax',
    displayNameZh: '稀宇科技 MiniMax',
    baseUrl: 'https://api.minimaxi.com/anthropic',
    format: 'anthropic',
    models: ['MiniMax-M3', 'MiniMax-M2.7', 'MiniMax-M2.7-highspeed'],
    defaultModel: 'MiniMax-M3',
    quirks: {
      notes: [
        'Anthropic Messages is the default: it returns thinking as thinking blocks, which MiniMax requires to be sent back whole in multi-turn tool use. Over Chat the M-series writes <think>…</think> into the content instead.',
        'The Anthropic endpoint takes text and tool calls only (no images or documents); temperature must be in (0, 1].',
      ],
    },
    docsUrl: 'https://platform.minimaxi.com/docs/api-reference/text-anthropic-api',
    apiKeyUrl: 'https://platform.minimaxi.com/user-center/basic-information/interface-key',
    keyEnv: 'MINIMAX_API_KEY',
    region:
      'Mainland China host (minimaxi.com). International accounts use api.minimax.io (see alternatives).',
    alternatives: [
      {
        id: 'international',
        label: 'International (Anthropic Messages)',
        baseUrl: 'https://api.minimax.io/anthropic',
        format: 'anthropic',
        apiKeyUrl: 'https://platform.minimax.io/user-center/basic-information/interface-key',
        docsUrl: 'https://platform.minimax.io/docs/api-reference/text-anthropic-api',
        note: 'Keys from platform.minimax.io.',
      },
      {
        id: 'chat',
        label: 'OpenAI Chat',
        baseUrl: 'https://api.minimaxi.com/v1',
        format: 'chat',
        thinkTag: 'think',
        docsUrl: 'https://platform.minimaxi.com/docs/api-reference/text-openai-api',
        note: 'Reasoning arrives as <think>…</think> in the content (read with think_tag); the international host is https://api.minimax.io/v1.',
      },
    ],
  },
  {
    id: 'siliconflow',
    displayName: 'SiliconFlow',
    displayNameZh: '硅基流动',
    baseUrl: 'https://api.siliconflow.cn/v1',
    format: 'chat',
    models: ['deepseek-ai/DeepSeek-V4-Pro', 'Pro/deepseek-ai/DeepSeek-R1', 'Qwen/Qwen3-235B-A22B'],
    defaultModel: 'deepseek-ai/DeepSeek-V4-Pro',
    quirks: {
      notes: [
        'Model ids are organisation/model; a Pro/ prefix selects the paid-only tier. The catalogue changes often: pick current ids from the model square.',
        'Reasoning models return reasoning_content.',
      ],
    },
    docsUrl: 'https://docs.siliconflow.cn/cn/api-reference/chat-completions/chat-completions',
    apiKeyUrl: 'https://cloud.siliconflow.cn/account/ak',
    keyEnv: 'SILICONFLOW_API_KEY',
    region:
      'Mainland China platform (siliconflow.cn). The international platform siliconflow.com has separate keys.',
    alternatives: [
      {
        id: 'international',
        label: 'International (Chat)',
        baseUrl: 'https://api.siliconflow.com/v1',
        format: 'chat',
        docsUrl: 'https://docs.siliconflow.com/en/api-reference/chat-completions/chat-completions',
        note: 'Keys from cloud.siliconflow.com; the model catalogue differs from the China platform.',
      },
    ],
  },
];
